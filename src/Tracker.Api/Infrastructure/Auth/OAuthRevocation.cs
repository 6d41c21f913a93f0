using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// <c>POST /oauth/revoke</c> (RFC 7009), served by OpenIddict: the client authenticates as at <c>/oauth/token</c>,
/// and a refresh token can be revoked only by the app it was issued to. Two changes to OpenIddict's defaults:
/// <list type="bullet">
/// <item>No per-app "revocation" permission: revoking only takes access away, and apps registered before the
/// endpoint existed lack that permission.</item>
/// <item>Revoking a refresh token also revokes every token of its authorization, its access tokens included
/// (RFC 7009 §2.1); OpenIddict alone revokes just the token sent.</item>
/// </list>
/// </summary>
public sealed class OAuthRevocation(IOpenIddictTokenManager tokens) : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static void Configure(OpenIddictServerBuilder server)
    {
        server.RemoveEventHandler(OpenIddictServerHandlers.Revocation.ValidateEndpointPermissions.Descriptor);
        server.AddEventHandler(OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<OAuthRevocation>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build());
    }

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        var principal = context.GenericTokenPrincipal;
        if (principal is null || !principal.HasTokenType(OpenIddictConstants.TokenTypeIdentifiers.RefreshToken)) return;
        if (principal.GetAuthorizationId() is { Length: > 0 } authorizationId)
            await tokens.RevokeByAuthorizationIdAsync(authorizationId, context.CancellationToken);
    }
}
