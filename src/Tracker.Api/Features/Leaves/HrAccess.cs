using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Leaves;

/// <summary>
/// Who may use the Leaves and Expenses groups. Owners and Executive managers act for anyone; other staff
/// (Team/Project managers, Regular users) only for themselves; Project viewers are outside clients and get 403.
/// </summary>
public static class HrAccess
{
    public static void RequireStaff(this WorkspaceScope scope)
    {
        if (scope.Role == Roles.ProjectViewer) throw ApiException.Forbidden();
    }

    /// <summary>403 when a non-manager names someone other than themselves.</summary>
    public static long ActingFor(this WorkspaceScope scope, long? userId)
    {
        scope.RequireStaff();
        if (userId is { } id && id != scope.UserId && !scope.IsAdmin)
            throw ApiException.Forbidden("You can only act on your own records");
        return userId ?? scope.UserId;
    }

    /// <summary>An integer id filter from the query string; a non-integer is a 422 on that field, not a binding 400.</summary>
    public static long? QueryId(this Validator v, string field, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (long.TryParse(raw.Trim(), out var id) && id > 0) return id;
        v.Add(field, $"The {field.Replace('_', ' ')} field must be a positive integer.");
        return null;
    }
}
