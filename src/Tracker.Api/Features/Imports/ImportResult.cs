namespace Tracker.Api.Features.Imports;

/// <summary>The answer of POST /imports: what the file held and what it created (or would create, on a dry run).</summary>
public sealed record ImportResult(
    string Source, bool DryRun, int Rows, int MembersCreated, int ProjectsCreated, int TasksCreated, int EntriesCreated,
    int EntriesSkippedDuplicates, IReadOnlyList<ImportError> Errors);

/// <summary>One row that was not imported: its first line in the file (the header is line 1) and why.</summary>
public sealed record ImportError(int Line, string Message);

/// <summary>
/// One row of a file as a source reads it, or why it cannot be read. A row fails whole: <see cref="Row"/> is null
/// exactly when <see cref="Error"/> is set.
/// </summary>
public sealed record ImportRead(int Line, ImportRow? Row, string? Error)
{
    public static ImportRead Ok(int line, ImportRow row) => new(line, row, null);
    public static ImportRead Bad(int line, string error) => new(line, null, error);
}

/// <summary>
/// A time entry as every source describes it, before anything is looked up. Times are the member's local wall-clock
/// time; <see cref="Duration"/> is the elapsed time, so an entry across midnight or a DST change stays one entry.
/// <see cref="Placed"/>: the source chose the start itself (Harvest has hours, no times).
/// </summary>
public sealed record ImportRow(
    ImportPerson Person, string? Client, string? Project, string? Task, string? Description,
    DateOnly StartDate, TimeOnly StartTime, TimeSpan Duration, decimal? Rate, string? Currency, bool Placed = false);

/// <summary>Who worked: by email where the source gives one (Toggl, Clockify), by name alone otherwise (Harvest).</summary>
public sealed record ImportPerson(string? Email, string FirstName, string LastName);
