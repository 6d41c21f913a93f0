using Microsoft.AspNetCore.Authorization;

namespace Tracker.Api.Infrastructure.Tenancy;

/// <summary>
/// The role rule of a route, declared where the route is mapped: <c>.RequireWorkspaceRole(Roles.Admins)</c>. It is an
/// authorization requirement, so it is decided before the body binds: 403 for a role outside <see cref="Allowed"/>, and
/// (through <see cref="WorkspaceScope.ResolveAsync"/>) 403 for a workspace the caller is not in, 422 without
/// <c>workspace_id</c>. Rules that depend on the record (acting for another member, project access) stay in handlers.
/// </summary>
public sealed class WorkspaceRoleRequirement(IReadOnlyList<string> roles)
    : AuthorizationHandler<WorkspaceRoleRequirement, HttpContext>, IAuthorizationRequirement, IAuthorizationRequirementData
{
    public IReadOnlyList<string> Allowed { get; } = roles;

    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [this];

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceRoleRequirement requirement, HttpContext http)
    {
        if (context.User.Identity?.IsAuthenticated != true) return; // challenged (401) by the Api policy
        var scope = await WorkspaceScope.ResolveAsync(http);
        if (requirement.Allowed.Contains(scope.Role)) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, "You do not have permission to perform this action"));
    }
}

public static class WorkspaceRoles
{
    public static TBuilder RequireWorkspaceRole<TBuilder>(this TBuilder builder, IReadOnlyList<string> roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new WorkspaceRoleRequirement(roles));
}
