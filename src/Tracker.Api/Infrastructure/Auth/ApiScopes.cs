using OpenIddict.Abstractions;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// OAuth scopes narrow what a token may do: GET needs <c>read</c>, other methods <c>write</c>, and endpoints
/// marked <see cref="RequireAdminScope"/> need <c>admin</c>. <c>admin</c> implies <c>write</c> implies <c>read</c>.
/// Role rules still apply on top.
/// </summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
    public static readonly string[] All = [Read, Write, Admin];

    public static bool Grants(System.Security.Claims.ClaimsPrincipal user, string required) => required switch
    {
        Read => user.HasScope(Read) || user.HasScope(Write) || user.HasScope(Admin),
        Write => user.HasScope(Write) || user.HasScope(Admin),
        _ => user.HasScope(Admin),
    };

    /// <summary>Endpoint filter for the API group.</summary>
    public static async ValueTask<object?> Enforce(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequireAdminScopeMetadata>() is not null ? Admin
            : HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? Read : Write;
        if (!Grants(http.User, required))
            throw ApiException.Forbidden($"This token lacks the '{required}' scope");
        return await next(context);
    }

    public static TBuilder RequireAdminScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequireAdminScopeMetadata());

    public sealed class RequireAdminScopeMetadata;
}
