namespace Tracker.Api.Features.App.Components.Charts;

/// <summary>One bar: its label, its value (drawn to scale) and the text shown for it (e.g. "7:30").</summary>
public sealed record ChartBar(string Label, double Value, string ValueText);

/// <summary>One span of a timeline row, in minutes since the start of the day (0–1440).</summary>
public sealed record TimelineSpan(int StartMinute, int EndMinute, string Label);

/// <summary>One member's row of the daily timeline.</summary>
public sealed record TimelineRow(string Label, IReadOnlyList<TimelineSpan> Spans, string TotalText);

public enum ChartOrientation { Horizontal, Vertical }

/// <summary>Formatting shared by the charts and the report tables.</summary>
public static class ChartText
{
    /// <summary>A label cut to fit its column; the full text stays in the bar's tooltip title and the table.</summary>
    public static string Fit(string label, int max)
    {
        if (label.Length <= max) return label;
        var cut = max - 1;
        if (char.IsHighSurrogate(label[cut - 1])) cut--; // never half of an emoji or a rare ideograph (it would show as �)
        return string.Concat(label.AsSpan(0, cut), "…");
    }

    /// <summary>SVG coordinates are written with a dot, whatever the server's culture.</summary>
    public static string N(double value) => Math.Round(value, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
