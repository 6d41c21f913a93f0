using System.Security.Cryptography;
using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tracker.Api.Infrastructure.Auth;

public sealed record OAuthClientInfo(string ClientId, string Name, string? RedirectUri, bool ClientCredentials);

/// <summary>
/// OAuth apps a user registers (page or CLI), and the apps a user has authorized. Each app belongs to the user who
/// made it; a client-credentials token acts as that user. The secret is returned once and stored hashed by
/// OpenIddict. Every app is confidential (it has a secret); PKCE is optional for it, S256 only when sent.
/// </summary>
public sealed class OAuthClients(IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens)
{
    public const string OwnerProperty = "owner_user_id";

    public async Task<(string ClientId, string Secret)> CreateAsync(long ownerUserId, string name, string? redirectUri,
        bool clientCredentials, CancellationToken ct)
    {
        var clientId = "trk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = name,
            ConsentType = ConsentTypes.Explicit,
        };
        descriptor.Properties[OwnerProperty] = JsonSerializer.SerializeToElement(ownerUserId);
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Prefixes.Scope + "read",
            Permissions.Prefixes.Scope + "write", Permissions.Prefixes.Scope + "admin"]);
        if (clientCredentials)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        else
        {
            descriptor.RedirectUris.Add(new Uri(redirectUri!));
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code]);
        }
        await applications.CreateAsync(descriptor, ct);
        return (clientId, secret);
    }

    public async Task<List<OAuthClientInfo>> ListAsync(long ownerUserId, CancellationToken ct)
    {
        var result = new List<OAuthClientInfo>();
        await foreach (var app in applications.ListAsync(count: null, offset: null, ct))
        {
            if (await OwnerOfAsync(app, ct) != ownerUserId) continue;
            var redirects = await applications.GetRedirectUrisAsync(app, ct);
            var permissions = await applications.GetPermissionsAsync(app, ct);
            result.Add(new OAuthClientInfo((await applications.GetClientIdAsync(app, ct))!,
                (await applications.GetDisplayNameAsync(app, ct)) ?? "", redirects.FirstOrDefault(),
                permissions.Contains(Permissions.GrantTypes.ClientCredentials)));
        }
        return result;
    }

    /// <summary>Deletes the app together with its authorizations and tokens (one transaction in OpenIddict's store).</summary>
    public async Task<bool> DeleteAsync(long ownerUserId, string clientId, CancellationToken ct)
    {
        var app = await applications.FindByClientIdAsync(clientId, ct);
        if (app is null || await OwnerOfAsync(app, ct) != ownerUserId) return false;
        await applications.DeleteAsync(app, ct);
        return true;
    }

    /// <summary>Revokes one of the user's own authorizations and every token issued under it; false if it is not theirs.</summary>
    public async Task<bool> RevokeAuthorizationAsync(long userId, string authorizationId, CancellationToken ct)
    {
        var authorization = await authorizations.FindByIdAsync(authorizationId, ct);
        if (authorization is null || await authorizations.GetSubjectAsync(authorization, ct) != userId.ToString()) return false;
        await authorizations.TryRevokeAsync(authorization, ct);
        await tokens.RevokeByAuthorizationIdAsync(authorizationId, ct);
        return true;
    }

    public async Task<long?> OwnerOfAsync(object application, CancellationToken ct)
    {
        var properties = await applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(OwnerProperty, out var value) && value.TryGetInt64(out var id) ? id : null;
    }
}
