namespace Tracker.Api.Domain;

/// <summary>The contract's ScreenshotMode codes with the labels answered as <c>screenshots_label</c>.</summary>
public static class ScreenshotModes
{
    public const string Full = "full";

    private static readonly Dictionary<string, string> Labels = new()
    {
        [Full] = "Screenshot on",
        ["blurred"] = "Blurred screenshots",
        ["no_preview"] = "Screenshots without preview",
        ["no_screenshot"] = "Screenshot off",
        ["background_blurred"] = "Blurred screenshots without preview",
        ["video_full"] = "Video on",
        ["video_blurred"] = "Blurred video",
        ["video_full_silent"] = "Video without preview",
        ["video_blurred_silent"] = "Blurred video without preview",
    };

    public static readonly string[] All = [.. Labels.Keys];

    public static string? Label(string? mode) => mode is not null && Labels.TryGetValue(mode, out var label) ? label : null;
}
