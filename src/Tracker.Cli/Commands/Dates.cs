using System.CommandLine;
using System.Globalization;

namespace Tracker.Cli.Commands;

/// <summary>The date-range options of log and report: --today, --week, --month, or --from/--to (yyyy-MM-dd).</summary>
internal sealed class Dates
{
    public Option<bool> Today { get; } = new("--today") { Description = "Today (the default)" };
    public Option<bool> Week { get; } = new("--week") { Description = "This week, Monday to Sunday" };
    public Option<bool> Month { get; } = new("--month") { Description = "This calendar month" };
    public Option<string?> From { get; } = new("--from") { Description = "First day, yyyy-MM-dd" };
    public Option<string?> To { get; } = new("--to") { Description = "Last day, yyyy-MM-dd" };

    public void AddTo(Command command, bool month)
    {
        command.Options.Add(Today);
        command.Options.Add(Week);
        if (month) command.Options.Add(Month);
        command.Options.Add(From);
        command.Options.Add(To);
    }

    public (DateOnly From, DateOnly To) Range(ParseResult parse, DateOnly today, bool weekByDefault = false)
    {
        if (parse.GetValue(From) is { } from)
            return (Parse(from, "--from"), parse.GetValue(To) is { } to ? Parse(to, "--to") : throw new UsageException("--from needs --to."));
        if (parse.GetValue(To) is not null) throw new UsageException("--to needs --from.");
        if (parse.GetValue(Month)) return (new DateOnly(today.Year, today.Month, 1), new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1));
        if (parse.GetValue(Week) || (weekByDefault && !parse.GetValue(Today))) return WeekOf(today);
        return (today, today);
    }

    public static (DateOnly From, DateOnly To) WeekOf(DateOnly day)
    {
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return (monday, monday.AddDays(6));
    }

    public static DateOnly Parse(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new UsageException($"{option}: '{text}' is not a date (yyyy-MM-dd).");
}
