using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
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
/// Path attempts must answer 404, with a valid body and with invalid ones (wrong types, broken JSON, none): the id
/// is resolved before the body is validated. Body/query attempts must not succeed with B's objects; B's rows must be
/// unchanged.
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

            // Resolve, then validate: the foreign id answers 404 whatever the body holds.
            if (parameters.Count == 0 || method == "GET") continue;
            foreach (var body in new[] { WrongTypes(EndpointOf(factory, (method, pattern)), a.Id), $"{{\"workspace_id\":{a.Id},,", "" })
            {
                var bad = new HttpRequestMessage(new HttpMethod(method), query.ToString())
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                var badResponse = await Http.SendAsync(a.Owner.Client, bad);
                tried++;
                if (badResponse.Status != HttpStatusCode.NotFound)
                    failures.Add($"{method} /{pattern} with body {body} → {(int)badResponse.Status} {badResponse.Json}");
            }
        }

        Assert.Equal(before, await WorkspaceObjects.SnapshotAsync(factory, b.Id));
        output.WriteLine($"Cross-workspace attempts: {tried}; failures: {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The route's JSON body with a value of the wrong type in every field (an object where a string, number, date,
    /// flag or list is expected), from the handler's body parameter; routes without one get a few common fields.
    /// </summary>
    private static string WrongTypes(RouteEndpoint endpoint, long workspaceId)
    {
        var handler = endpoint.Metadata.OfType<MethodInfo>().First();
        var bodyType = handler.GetParameters().Select(p => Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)
            .FirstOrDefault(t => t.Namespace?.StartsWith("Tracker.Api.Features", StringComparison.Ordinal) == true && t.IsClass);
        var fields = bodyType?.GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
                     ?? ["name", "user_id", "project_id", "date", "reason"];
        var body = new JsonObject { ["workspace_id"] = workspaceId };
        foreach (var field in fields.Where(f => f != "workspace_id")) body[field] = new JsonObject { ["wrong"] = new JsonArray(1, "x") };
        return body.ToJsonString();
    }

    /// <summary>A successful answer must not carry any of B's objects (their names and emails are unique markers).</summary>
    private static bool ReturnsNothingOf(ApiResponse response, WorkspaceObjects victim) =>
        !victim.Markers.Any(marker => response.Json.ToString().Contains(marker, StringComparison.Ordinal));

    public static IEnumerable<(string Method, string Pattern)> ApiRoutes(TrackerFactory factory) =>
        ApiEndpoints(factory)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!.Trim('/'))))
            .Distinct()
            .OrderBy(r => r.Item2).ThenBy(r => r.m);

    public static RouteEndpoint EndpointOf(TrackerFactory factory, (string Method, string Pattern) route) =>
        ApiEndpoints(factory).Single(e => e.RoutePattern.RawText!.Trim('/') == route.Pattern &&
                                          (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains(route.Method));

    private static IEnumerable<RouteEndpoint> ApiEndpoints(TrackerFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v2", StringComparison.Ordinal) == true);
}
