namespace Tracker.Api.Features.Imports;

/// <summary>
/// Harvest's detailed time report CSV: <c>Date, Client, Project, Project Code, Task, Notes, Hours, [Hours Rounded,]
/// Billable?, Invoiced?, Approved?, First Name, Last Name, Roles, Employee?, Billable Rate, Billable Amount,
/// Cost Rate, Cost Amount, Currency, External Reference URL</c>. Harvest records hours, not times: a person's
/// entries of one day are placed one after another from <see cref="DayStart"/> local time, in file order. Numbers
/// may use decimal commas ("2.000,0"); the currency reads "Euro - EUR". Harvest names people without an email.
/// </summary>
public sealed class HarvestSource : CsvImportSource
{
    /// <summary>Where a day's first entry starts, in the member's time zone.</summary>
    public static readonly TimeOnly DayStart = new(9, 0);

    /// <summary>Days tracked at once for placing entries; a file is usually sorted by date, so few are live.</summary>
    private const int MaxOpenDays = 100_000;

    private readonly ImportDates _dates = new();
    private readonly Dictionary<(string Person, DateOnly Date), TimeSpan> _dayUsed = [];

    public override string Name => "harvest";

    protected override IReadOnlyList<string> RequiredColumns { get; } = ["Date", "Project", "Hours", "First Name", "Last Name"];

    protected override void Scan(CsvRow row) => _dates.Observe(row["Date"]);

    protected override void Scanned() => _dates.Decide();

    protected override ImportRow Map(CsvRow row)
    {
        var first = row.Required("First Name");
        var last = row["Last Name"] ?? "";
        var date = _dates.Parse("Date", row.Required("Date"));
        var hours = ImportValues.Number("Hours", row.Required("Hours"));
        if (hours is <= 0 or > 24 * 7) throw new ImportRowException($"The Hours {hours} must be more than 0 and at most {24 * 7}.");
        var duration = TimeSpan.FromSeconds(Math.Round((double)hours * 3600));
        var rate = row["Billable Rate"] is { } r ? ImportValues.Number("Billable Rate", r) : (decimal?)null;

        if (_dayUsed.Count >= MaxOpenDays) _dayUsed.Clear();
        var key = ((first + " " + last).ToLowerInvariant(), date);
        var used = _dayUsed.GetValueOrDefault(key);
        _dayUsed[key] = used + duration;
        var start = DayStart.ToTimeSpan() + used;
        return new ImportRow(
            new ImportPerson(null, first, last), row["Client"], row.Required("Project"), row["Task"], row["Notes"],
            date.AddDays(start.Days), TimeOnly.FromTimeSpan(TimeSpan.FromTicks(start.Ticks % TimeSpan.TicksPerDay)),
            duration, rate, ImportValues.Currency(row["Currency"]), Placed: true);
    }
}
