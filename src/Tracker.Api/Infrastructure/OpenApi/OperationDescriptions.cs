namespace Tracker.Api.Infrastructure.OpenApi;

internal static partial class OperationDocs
{
    private static readonly Dictionary<string, string> QueryParameters = new()
    {
        ["id"] = "Only the record with this id.",
        ["user_id"] = "Only records of this member (user id). Members below manager see only their own.",
        ["project_id"] = "Only records of this project.",
        ["contract_id"] = "Only records of this contract.",
        ["task_id"] = "Only records of this task.",
        ["policy_id"] = "Only leaves under this leave policy.",
        ["category_id"] = "Only expenses of this category.",
        ["parent_id"] = "Only subtasks of this task.",
        ["status"] = "Only records with this status.",
        ["priority"] = "Only tasks with this priority.",
        ["is_paid"] = "Only paid (`1`) or unpaid (`0`) leaves.",
        ["date"] = "Only entries of this day (YYYY-MM-DD, the member's local day).",
        ["date_from"] = "First day of the range (YYYY-MM-DD, inclusive).",
        ["date_to"] = "Last day of the range (YYYY-MM-DD, inclusive, not before `date_from`).",
        ["order_by"] = "Sort order.",
    };

    private static readonly Dictionary<string, string> Descriptions = new();
}
