using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// OAuth scopes narrow what a token may do: GET needs <c>read</c>, other methods <c>write</c>, and endpoints
/// marked <see cref="RequireAdminScope"/> need <c>admin</c>. <c>admin</c> implies <c>write</c> implies <c>read</c>.
/// Each scope is an authorization policy, so it is checked before the request body is bound; role rules apply on top.
/// </summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public static readonly string[] All = [Read, Write, Admin];

    public static string PolicyFor(string scope) => "scope:" + scope;

    public static bool Grants(System.Security.Claims.ClaimsPrincipal user, string required) => required switch
    {
        Read => user.HasScope(Read) || user.HasScope(Write) || user.HasScope(Admin),
        Write => user.HasScope(Write) || user.HasScope(Admin),
        _ => user.HasScope(Admin),
    };

    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder builder)
    {
        foreach (var scope in All) builder.AddPolicy(PolicyFor(scope), p => p.AddRequirements(new ScopeRequirement(scope)));
        return builder;
    }

    /// <summary>Declares on every endpoint of the group the scope policy its methods need (after its own conventions ran).</summary>
    public static RouteGroupBuilder RequireScopes(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            var required = endpoint.Metadata.OfType<RequireAdminScopeMetadata>().Any() ? Admin
                : methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m)) ? Read : Write;
            endpoint.Metadata.Add(new AuthorizeAttribute(PolicyFor(required)));
        });
        return group;
    }

    public static TBuilder RequireAdminScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequireAdminScopeMetadata());

    public sealed class RequireAdminScopeMetadata;
}

/// <summary>The token carries <see cref="Scope"/> (or one that implies it); 403 naming the scope otherwise.</summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        // An anonymous caller is challenged (401) by the Api policy; a scope check would only turn that into a 403.
        if (context.User.Identity?.IsAuthenticated != true) return Task.CompletedTask;
        if (ApiScopes.Grants(context.User, requirement.Scope)) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, $"This token lacks the '{requirement.Scope}' scope"));
        return Task.CompletedTask;
    }
}
