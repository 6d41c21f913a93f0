using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Domain;

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

    /// <summary>Staff only (403 for project viewers), then the scope's self-or-manager rule.</summary>
    public static long ActingForStaff(this WorkspaceScope scope, long? userId)
    {
        scope.RequireStaff();
        return scope.ActingFor(userId);
    }
}
