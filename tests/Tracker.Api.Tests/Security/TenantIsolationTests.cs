using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Walks the live route table: every /api/v2 route with an id in its path is called by workspace A's owner with
/// workspace B's ids (and workspace_id = A); every route that takes ids in its body or query gets B's ids there.
/// Path attempts must answer 404; body/query attempts must not succeed with B's objects; B's rows must be unchanged.
/// </summary>
[Collection(SharedHost.Walkers)]
public class TenantIsolationTests(TrackerFactory factory, ITestOutputHelper output)
{
    [Fact]
    public async Task Ids_of_another_workspace_are_not_found_on_any_route()
    {
        var a = await factory.NewWorkspaceAsync();
        var b = await factory.NewWorkspaceAsync();
        await WorkspaceObjects.CreateAsync(factory, a); // A has objects of its own, so "not found" is about B's ids
        var victim = await WorkspaceObjects.CreateAsync(factory, b);
        var before = await WorkspaceObjects.SnapshotAsync(factory, b.Id);
        var failures = new List<string>();
        var tried = 0;

        foreach (var (method, pattern) in ApiRoutes(factory))
        {
            var parameters = Regex.Matches(pattern, "\\{([^}:]+)[^}]*\\}").Select(m => m.Groups[1].Value).ToList();
            var unknown = parameters.Where(p => victim.IdFor(p) is null).ToList();
            if (unknown.Count > 0) { failures.Add($"{method} {pattern}: no isolation fixture for {string.Join(", ", unknown)}"); continue; }
            var url = Regex.Replace(pattern, "\\{([^}:]+)[^}]*\\}", m => victim.IdFor(m.Groups[1].Value)!);

            // Body and query ids of B (user_id, project_id, …) ride along on every attempt.
            var foreignIds = new JsonObject { ["workspace_id"] = a.Id };
            var query = new StringBuilder($"/{url}?workspace_id={a.Id}");
            foreach (var name in new[] { "user_id", "project_id", "task_id", "contract_id" })
            {
                foreignIds[name] = long.Parse(victim.IdFor(name)!);
                query.Append($"&{name}={victim.IdFor(name)}");
            }
            var request = new HttpRequestMessage(new HttpMethod(method), query.ToString());
            if (method != "GET") request.Content = new StringContent(foreignIds.ToJsonString(), Encoding.UTF8, "application/json");
            var response = await Http.SendAsync(a.Owner.Client, request);
            tried++;

            var ok = parameters.Count > 0
                ? response.Status == HttpStatusCode.NotFound
                : (int)response.Status >= 400 || ReturnsNothingOf(response, victim);
            ok &= ReturnsNothingOf(response, victim);
            if (!ok) failures.Add($"{method} /{pattern} → {(int)response.Status} {response.Json}");
        }

        Assert.Equal(before, await WorkspaceObjects.SnapshotAsync(factory, b.Id));
        output.WriteLine($"Cross-workspace attempts: {tried}; failures: {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A successful answer must not carry any of B's objects (their names and emails are unique markers).</summary>
    private static bool ReturnsNothingOf(ApiResponse response, WorkspaceObjects victim) =>
        !victim.Markers.Any(marker => response.Json.ToString().Contains(marker, StringComparison.Ordinal));

    public static IEnumerable<(string Method, string Pattern)> ApiRoutes(TrackerFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v2", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!.Trim('/'))))
            .Distinct()
            .OrderBy(r => r.Item2).ThenBy(r => r.m);
}
