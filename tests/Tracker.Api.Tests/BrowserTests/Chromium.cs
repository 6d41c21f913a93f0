using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>
/// Debian's chromium and chromium-driver (installed by .ci/run), driven headless by Selenium at these exact paths:
/// nothing is looked up or downloaded at run time (Selenium Manager runs only when no driver path is given).
/// </summary>
public static class Chromium
{
    public const string Binary = "/usr/bin/chromium", Driver = "/usr/bin/chromedriver";

    /// <summary>CI sets TRACKER_BROWSER_TESTS=required: there a missing browser fails the tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("TRACKER_BROWSER_TESTS") == "required";

    /// <summary>Why browser tests cannot run on this machine, or null when they can.</summary>
    public static string? Missing()
    {
        if (!File.Exists(Binary) || !File.Exists(Driver))
            return $"Browser tests need Debian's chromium and chromium-driver ({Binary}, {Driver}): apt-get install chromium chromium-driver";
        if (!File.Exists(Axe.ScriptPath))
            return $"Browser tests need axe-core ({Axe.ScriptPath}): run npm ci in tests/axe";
        return null;
    }

    public static ChromeDriver Start()
    {
        if (Missing() is { } reason) throw new InvalidOperationException(reason + " (TRACKER_BROWSER_TESTS=required)");
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var options = new ChromeOptions { BinaryLocation = Binary };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--no-first-run", "--disable-extensions", "--window-size=1280,900", "--lang=en-US");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(30));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(15);
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(15);
        return driver;
    }
}

/// <summary>A test in real Chromium: skipped, with the reason, where the browser or axe-core is missing, except in CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.Required && Chromium.Missing() is { } reason) Skip = reason;
    }
}
