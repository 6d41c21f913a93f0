using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Walks the live route table: every /api/v2 route, called on a real workspace's objects with no token, a malformed
/// token, an unknown personal access token or an expired one, answers 401 in the error envelope and changes nothing.
/// The same call with the owner's valid token is never a 401, so each refusal is about the credential alone. A new
/// route is covered the moment it is mapped.
/// </summary>
[Collection(SharedHost.Walkers)]
public class UnauthenticatedTests(TrackerFactory factory, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_route_answers_401_in_the_envelope_without_a_valid_token()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var credentials = new Dictionary<string, string?>
        {
            ["no token"] = null,
            ["a malformed token"] = "eyJhbGciOiJIUzI1NiJ9.bad.token",
            ["a malformed personal access token"] = "trk_pat_not-a-real-token",
            ["an unknown personal access token"] = PersonalAccessTokens.Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            ["an expired personal access token"] = await ExpiredTokenAsync(ws.Owner.Id),
        };
        var routes = TenantIsolationTests.ApiRoutes(factory).OrderBy(r => r.Method == "DELETE").ToList();
        var before = await WorkspaceObjects.SnapshotAsync(factory, ws.Id);
        var failures = new List<string>();

        foreach (var (method, pattern) in routes)
        {
            foreach (var (name, token) in credentials)
            {
                var response = await Http.SendAsync(factory.ClientWith(token), Request(method, pattern, objects, ws));
                if (!IsUnauthenticatedEnvelope(response))
                    failures.Add($"{method} /{pattern} with {name} → {(int)response.Status} {response.Json}");
            }
        }
        Assert.Equal(before, await WorkspaceObjects.SnapshotAsync(factory, ws.Id));

        foreach (var (method, pattern) in routes)
        {
            var response = await Http.SendAsync(ws.Owner.Client, Request(method, pattern, objects, ws));
            if (response.Status == HttpStatusCode.Unauthorized) failures.Add($"{method} /{pattern} refused the owner's valid token");
        }

        output.WriteLine($"Routes: {routes.Count}; unauthenticated attempts: {routes.Count * credentials.Count}; failures: {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The route with the workspace's own ids in its path, workspace_id in the query and, for writes, the body.</summary>
    private static HttpRequestMessage Request(string method, string pattern, WorkspaceObjects objects, TestWorkspace ws)
    {
        var url = Regex.Replace(pattern, "\\{([^}:]+)[^}]*\\}", m => objects.IdFor(m.Groups[1].Value) ?? "1");
        var request = new HttpRequestMessage(new HttpMethod(method), $"/{url}?{ws.Q}");
        if (method != "GET") request.Content = new StringContent($"{{\"workspace_id\":{ws.Id}}}", Encoding.UTF8, "application/json");
        return request;
    }

    private static bool IsUnauthenticatedEnvelope(ApiResponse response) =>
        response.Status == HttpStatusCode.Unauthorized
        && response.Json.ValueKind == JsonValueKind.Object
        && response.Json.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False
        && response.Json.TryGetProperty("message", out var message) && message.GetString() == "Unauthenticated."
        && response.Json.TryGetProperty("meta", out var meta) && meta.TryGetProperty("api_version", out var version)
        && version.GetString() == "2.0.0"
        && !response.Json.TryGetProperty("data", out _);

    /// <summary>A token of the owner's that expired a second ago, made so without moving the shared clock.</summary>
    private async Task<string> ExpiredTokenAsync(long userId)
    {
        var token = await TestData.TokenForAsync(factory, userId);
        await using var scope = factory.Scope();
        var hash = SecretTokens.Hash(token);
        var expired = factory.Clock.GetUtcNow().UtcDateTime.AddSeconds(-1);
        Assert.Equal(1, await factory.Db(scope).PersonalAccessTokens.Where(t => t.TokenHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, expired)));
        return token;
    }
}
