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
        ["start_date"] = "First day of the report (YYYY-MM-DD, inclusive; at most 31 days before `end_date`).",
        ["end_date"] = "Last day of the report (YYYY-MM-DD, inclusive).",
        ["users"] = "Only these members: user ids, comma-separated (`1,2`) or repeated (`users[]=1&users[]=2`).",
        ["user_ids"] = "Same as `users`.",
        ["projects"] = "Only these projects: ids, comma-separated or repeated.",
        ["tasks"] = "Only these tasks: ids, comma-separated or repeated.",
        ["teams"] = "Only members of these teams: ids, comma-separated or repeated.",
        ["titles"] = "Only members with these titles, comma-separated or repeated.",
        ["currencies"] = "Only amounts in these currencies (ISO 4217 codes), comma-separated or repeated.",
        ["timezone"] = "IANA time zone the days are counted in (default: each member's own zone).",
        ["include_no_task"] = "Also list time tracked without a task (`true`/`false`).",
        ["format"] = "`csv` for a CSV file instead of JSON (same as `Accept: text/csv`).",
        ["page"] = "Page number, from 1 (default 1).",
        ["per_page"] = "Items per page (reports: members per page, default 30, at most 100).",
    };

    private static readonly Dictionary<string, string> Descriptions = new();
}
