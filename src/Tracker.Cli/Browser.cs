using System.Diagnostics;

namespace Tracker.Cli;

internal static class Browser
{
    /// <summary>Opens the URL with the desktop's handler, if there is one (a server over SSH has none).</summary>
    public static bool TryOpen(Uri url)
    {
        var (file, args) = OperatingSystem.IsWindows() ? ("cmd", $"/c start \"\" \"{url}\"")
            : OperatingSystem.IsMacOS() ? ("open", url.ToString()) : ("xdg-open", url.ToString());
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false, RedirectStandardError = true });
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
