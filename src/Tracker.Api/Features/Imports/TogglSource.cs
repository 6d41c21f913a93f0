namespace Tracker.Api.Features.Imports;

/// <summary>
/// Toggl Track's detailed report CSV: <c>User, Email, Client, Project, Task, Description, Billable, Start date,
/// Start time, End date, End time, Duration, Tags[, Amount (USD)]</c>. Dates are ISO, times 24-hour. Toggl has no
/// rate column: the rate is the amount divided by the hours, when there is an amount.
/// </summary>
public sealed class TogglSource : CsvImportSource
{
    private readonly ImportDates _dates = new();

    public override string Name => "toggl";

    protected override IReadOnlyList<string> RequiredColumns { get; } = ["User", "Email", "Start date", "Start time", "Duration"];

    protected override void Scan(CsvRow row) => _dates.Observe(row["Start date"]);

    protected override void Scanned() => _dates.Decide();

    protected override ImportRow Map(CsvRow row)
    {
        var (first, last) = ImportValues.SplitName(row.Required("User"));
        var duration = ImportValues.Elapsed("Duration", row.Required("Duration"));
        var amount = row["Amount"] is { } a ? ImportValues.Number("Amount", a) : (decimal?)null;
        var rate = amount is { } sum && duration > TimeSpan.Zero ? Math.Round(sum / (decimal)duration.TotalHours, 2) : (decimal?)null;
        return new ImportRow(
            new ImportPerson(row.Required("Email"), first, last), row["Client"], row["Project"], row["Task"], row["Description"],
            _dates.Parse("Start date", row.Required("Start date")), ImportValues.Clock("Start time", row.Required("Start time")),
            duration, rate, rate is null ? null : ImportValues.CurrencyOfColumn(row.Columns, "Amount"));
    }
}
