namespace Tracker.Api.Infrastructure.OpenApi;

/// <summary>
/// What the route table cannot say: each request body's required fields (the handler's 422 rules) and each operation's
/// description, in our words from the contract (shared/spec). Role rules, scopes and error codes are added from the
/// route's own metadata by <see cref="OperationShapes"/>.
/// </summary>
internal static partial class OperationDocs
{
    /// <summary>Fields whose absence is a 422 on every operation that takes the body (shared create/update bodies list none).</summary>
    public static IReadOnlyList<string> RequiredFields(string bodyType) => bodyType switch
    {
        "CreateContractRequest" => ["project_id", "user_id"],
        "CreateExpenseCategoryBody" => ["name"],
        "CreateProjectViewerRequest" => ["email", "firstname", "lastname"],
        "ViewerProjectRequest" => ["project_id"],
        "InviteMemberRequest" => ["email", "firstname", "lastname", "role"],
        "RequestLeaveBody" => ["policy_id", "user_id", "start", "end"],
        "RejectLeaveBody" => ["reason"],
        "CreateTimeEntryRequest" => ["user_id", "date", "start_time", "end_time"],
        "StartTrackingRequest" => ["user_id"],
        "CreateTimeRequestRequest" => ["user_id", "start", "end"],
        "RejectTimesheetRequest" => ["reason"],
        "CreateTaskRequest" => ["project_id", "title"],
        "ProjectTagInput" => ["name"],
        _ => [],
    };
}

internal static partial class OperationDocs
{
    public const string WorkspaceIdParameter =
        "Id of the workspace (from GET /workspaces). On writes it may be sent in the JSON body instead. 422 when missing, 403 when you are not a member.";

    public const string IdempotencyKeyParameter =
        "Any unique string (up to 255 characters). The first answer is replayed to retries with the same key for 24 hours.";

    public static readonly (string Name, string Description)[] Tags =
    [
        ("Workspaces", "The workspaces the caller belongs to, with the caller's role in each. Start here to find `workspace_id`."),
        ("Members", "People in a workspace and their roles. Owners and Executive managers invite, change and archive members."),
        ("Projects", "Projects group tasks, contracts and tracked time. Owners and Executive managers manage them; others see the projects they work on."),
        ("Contracts", "A contract puts a member on a project, with an optional weekly hours limit, rate and screenshot setting."),
        ("Tasks", "Tasks inside projects, their assignees, and moving tasks between projects."),
        ("Project Viewers", "Outside people who may only look at chosen projects."),
        ("Time Tracking", "Start and stop the running timer and read what runs now."),
        ("Time Entries", "Tracked time, one entry per continuous stretch; manual entries are added and edited here."),
        ("Timesheets", "Weekly timesheets: members submit, managers approve or reject."),
        ("Time Requests", "Requests to add time that was not tracked, approved or rejected by managers."),
        ("Leaves", "Leave requests, balances and policies."),
        ("Expenses", "Expenses and their categories."),
        ("Reports", "Read-only aggregations of tracked time for Owners and Executive managers."),
        ("Webhooks", "Subscriptions that receive signed POSTs when events happen, with delivery history and redelivery."),
        ("Exports", "Everything a workspace holds, as one zip of JSON-lines files (docs/export-format.md)."),
        ("Imports", "Bringing a team's history in from another time tracker's export."),
    ];

    /// <summary>Query fields whose absence is a 422, per operation.</summary>
    public static IReadOnlyList<string> RequiredQueryFields(string operationId) => operationId switch
    {
        "importTimeEntries" => ["source"],
        _ => [],
    };

    /// <summary>The operation's description: our words, then who may call it, the scope and the error codes.</summary>
    public static string Describe(string operationId, string scope, IReadOnlyList<string>? roles, IEnumerable<string> errorCodes)
    {
        var text = Descriptions.TryGetValue(operationId, out var known) ? known : "";
        var who = operationId == "getWorkspaces" ? "any signed-in user"
            : roles is null || roles.Count == Domain.Roles.All.Length ? "any member of the workspace"
            : roles.Count == Domain.Roles.All.Length - 1 && !roles.Contains(Domain.Roles.ProjectViewer) ? "every role except Project viewer"
            : string.Join(", ", roles);
        return $"{text}\n\n**Roles:** {who}. **OAuth scope:** `{scope}`. **Errors:** {string.Join(", ", errorCodes)} (see the introduction).".TrimStart();
    }

    public static string QueryParameter(string name) => QueryParameters.TryGetValue(name, out var text) ? text : Humanize(name) + " filter.";

    private static string Humanize(string name) => char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ');
}
