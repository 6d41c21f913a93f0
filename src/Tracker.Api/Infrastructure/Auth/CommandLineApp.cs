using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tracker.Api.Infrastructure.Auth;

/// <summary>
/// The <c>tracker</c> command line's own OAuth app, present on every server so that <c>tracker login --server URL</c>
/// works without registering anything. It is public (a program on a person's machine cannot keep a secret), so PKCE
/// is required, and its redirects are loopback only (RFC 8252). RFC 8252 7.3 asks for any loopback port; OpenIddict
/// matches redirect URIs exactly, so the app lists <see cref="Ports"/> fixed ports and the CLI listens on the first
/// free one. Consent is explicit, as for every other app, and the person can revoke it under Authorized apps.
/// </summary>
public static class CommandLineApp
{
    public const string ClientId = "tracker-cli";
    public const int FirstPort = 8765;
    public const int Ports = 10;

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(ClientId, ct) is not null) return;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "Tracker command line",
            ConsentType = ConsentTypes.Explicit,
        };
        for (var port = FirstPort; port < FirstPort + Ports; port++)
            descriptor.RedirectUris.Add(new Uri($"http://127.0.0.1:{port}/callback"));
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation, Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code, Permissions.Prefixes.Scope + "read", Permissions.Prefixes.Scope + "write",
            Permissions.Prefixes.Scope + "admin"]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        await applications.CreateAsync(descriptor, ct);
    }
}
