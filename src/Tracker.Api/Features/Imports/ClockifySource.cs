namespace Tracker.Api.Features.Imports;

/// <summary>
/// Clockify's detailed report CSV: <c>Project, Client, Description, Task, User, Group, Email, Tags, Type, Billable,
/// Invoiced, Invoice ID, Start Date, Start Time, End Date, End Time, Duration (h), Duration (decimal),
/// Billable Rate (CUR), Billable Amount (CUR)[, Date of creation]</c>. Dates follow the account's locale, so their
/// order is learned from the whole file in the first pass (<see cref="ImportDates"/>); times are 12- or 24-hour,
/// which each value says itself.
/// </summary>
public sealed class ClockifySource : CsvImportSource
{
    private readonly ImportDates _dates = new();

    public override string Name => "clockify";

    protected override IReadOnlyList<string> RequiredColumns { get; } = ["User", "Email", "Start Date", "Start Time", "Duration (h)"];

    protected override void Scan(CsvRow row)
    {
        _dates.Observe(row["Start Date"]);
        _dates.Observe(row["End Date"]);
    }

    protected override void Scanned() => _dates.Decide();

    protected override ImportRow Map(CsvRow row)
    {
        var (first, last) = ImportValues.SplitName(row.Required("User"));
        var rate = row["Billable Rate"] is { } r ? ImportValues.Number("Billable Rate", r) : (decimal?)null;
        return new ImportRow(
            new ImportPerson(row.Required("Email"), first, last), row["Client"], row["Project"], row["Task"], row["Description"],
            _dates.Parse("Start Date", row.Required("Start Date")), ImportValues.Clock("Start Time", row.Required("Start Time")),
            ImportValues.Elapsed("Duration (h)", row.Required("Duration (h)")),
            rate, rate is null ? null : ImportValues.CurrencyOfColumn(row.Columns, "Billable Rate"));
    }
}
