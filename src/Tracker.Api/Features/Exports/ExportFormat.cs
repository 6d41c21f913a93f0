using System.Text.Json;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Exports;

/// <summary>
/// The export file format (docs/export-format.md), version <see cref="Version"/>: one JSON-lines file per kind of
/// record, a row per line, ids as the exporting server gave them, plus <c>manifest.json</c>. The records below are the
/// lines; <c>source=tracker</c> imports read the same records back.
/// </summary>
public static class ExportFormat
{
    public const string Name = "tracker-export";
    public const int Version = 1;
    public const string Manifest = "manifest.json";

    public const string Workspace = "workspace.jsonl";
    public const string Members = "members.jsonl";
    public const string Projects = "projects.jsonl";
    public const string ProjectTags = "project_tags.jsonl";
    public const string ProjectViewers = "project_viewers.jsonl";
    public const string Tasks = "tasks.jsonl";
    public const string TaskAssignees = "task_assignees.jsonl";
    public const string Contracts = "contracts.jsonl";
    public const string TimeEntries = "time_entries.jsonl";
    public const string Timesheets = "timesheets.jsonl";
    public const string TimeRequests = "time_requests.jsonl";
    public const string LeavePolicies = "leave_policies.jsonl";
    public const string LeaveRequests = "leave_requests.jsonl";
    public const string LeaveBalances = "leave_balances.jsonl";
    public const string ExpenseCategories = "expense_categories.jsonl";
    public const string Expenses = "expenses.jsonl";
    public const string Webhooks = "webhooks.jsonl";

    /// <summary>snake_case, instants as the API writes them (UTC, microseconds, Z), dates as YYYY-MM-DD.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Read back strictly: a required value missing or null is an error of its line, not a null in the database.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new UtcDateTimeJsonConverter(), new DateOnlyJsonConverter() },
    };
}

public sealed record ExportManifest(
    string Format, int FormatVersion, string ServerVersion, DateTime ExportedAt, long WorkspaceId, bool RatesIncluded,
    IReadOnlyDictionary<string, int> Counts);

public sealed record WorkspaceRow(long Id, string Name, string? SystemTimezone, DateTime CreatedAt);

/// <summary>
/// A member as this workspace may show them (<see cref="Domain.MemberProfile"/>): invited names until they accept,
/// no time zone meanwhile. Never a password hash or invitation token.
/// </summary>
public sealed record MemberRow(
    long UserId, string Email, string FirstName, string LastName, string? Timezone, string Role, string Status, bool AwaitsAcceptance,
    string? TeamName, string? Title, decimal? Rate, string? RateType, int RateStatus, int? WeeklyHoursLimit, string? Screenshots,
    bool IsBlocked, DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt);

public sealed record ProjectRow(
    long Id, string Name, DateOnly? StartDate, DateOnly? Deadline, decimal? Estimation, decimal? BudgetEstimation, string? Notes,
    string? Icon, bool IsBillable, decimal? Rate, int? WeeklyHoursLimit, string? Screenshots, int Status,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt);

public sealed record ProjectTagRow(long Id, long ProjectId, string Name, string? Color);

public sealed record ProjectViewerRow(long ProjectId, long UserId, DateTime CreatedAt);

public sealed record TaskRow(
    long Id, long ProjectId, long? ParentId, string Title, string? Description, long CreatorId, int Status, int? Priority,
    DateOnly? StartDate, DateOnly? EndDate, DateTime? CompletedAt, DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt);

public sealed record TaskAssigneeRow(long TaskId, long UserId, DateTime CreatedAt);

public sealed record ContractRow(
    long Id, long ProjectId, long UserId, string? UserRole, int? WeeklyHoursLimit, string? Screenshots, decimal? Rate, int? RateType,
    string? Currency, string Status, DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeletedAt);

public sealed record TimeEntryRow(
    string Id, long UserId, long? ContractId, long? ProjectId, long? TaskId, string? ActivityDescription, string Method,
    DateTime StartedAt, DateTime? EndedAt, int? ActivityLevel, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record TimesheetRow(
    string Id, long UserId, DateOnly DateFrom, DateOnly DateTo, string Status, DateTime? SubmittedAt, string? RejectReason,
    long? DecidedBy, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record TimeRequestRow(
    string Id, long UserId, long? ContractId, long? ProjectId, long? TaskId, DateTime Start, DateTime End, string Status,
    string? Notes, string? Comment, long? UpdatedBy, long CreatedBy, string? TimeEntryId, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record LeavePolicyRow(
    long Id, string Name, string TimeUnit, decimal Duration, decimal HoursPerDay, bool IsPaid, bool AllowNegativeBalance,
    bool ReasonRequired, bool ApplyToFutureMembers, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record LeaveRequestRow(
    string Id, long UserId, long PolicyId, string Status, string? Note, DateOnly StartDate, DateOnly EndDate, int LeavePeriod,
    TimeOnly? StartTime, TimeOnly? EndTime, decimal? HoursPerDay, string TimeZone, DateTime StartsAt, DateTime EndsAt,
    decimal Days, decimal Hours, long CreatedBy, long? ApprovedBy, long? RejectedBy, string? RejectReason,
    DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Days used of one policy in one year, in thousandths of the policy's unit.</summary>
public sealed record LeaveBalanceRow(long UserId, long PolicyId, int Year, long UsedThousandths, DateTime UpdatedAt);

public sealed record ExpenseCategoryRow(string Id, string Name, DateTime CreatedAt);

public sealed record ExpenseRow(
    string Id, long UserId, long? ProjectId, string CategoryId, string Name, DateOnly Date, decimal Amount, string Currency,
    string? Note, bool IsBillable, long CreatedBy, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A subscription without its signing secret: an import gives it a new one.</summary>
public sealed record WebhookRow(
    string Id, string Url, string[] Events, string Status, string? DisabledReason, DateTime? DisabledAt, long CreatedBy,
    DateTime CreatedAt, DateTime UpdatedAt);
