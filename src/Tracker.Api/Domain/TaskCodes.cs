namespace Tracker.Api.Domain;

/// <summary>TaskStatus base codes (generation A names; B calls them Incomplete/Doing/Done/Completed).</summary>
public static class TaskStatuses
{
    public const int Open = 0;
    public const int InProgress = 10;
    public const int Done = 20;
    public const int Closed = 30;
    public static readonly int[] Base = [Open, InProgress, Done, Closed];

    public static bool IsFinished(int status) => status is Done or Closed;

    public static string? Name(int status) => status switch
    {
        Open => "Open", InProgress => "In Progress", Done => "Done", Closed => "Closed", _ => null,
    };

    /// <summary>
    /// The spec names <c>status_color</c> but documents no values: grey open, blue in progress, green done, slate
    /// closed (docs/decisions.md). Statuses without a name here have no colour either.
    /// </summary>
    public static string? Color(int status) => status switch
    {
        Open => "#9E9E9E", InProgress => "#2196F3", Done => "#4CAF50", Closed => "#607D8B", _ => null,
    };
}

public static class TaskPriorities
{
    public static readonly int[] All = [10, 20, 30, 40];

    public static string? Name(int? priority) => priority switch
    {
        10 => "Urgent", 20 => "High", 30 => "Normal", 40 => "Low", _ => null,
    };
}

public static class ContractStatuses
{
    public const string Active = "active";
    public const string Paused = "paused";
    public static readonly string[] All = [Active, Paused];
}
