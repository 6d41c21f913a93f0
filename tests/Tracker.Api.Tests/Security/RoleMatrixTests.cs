using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Tenancy;
using Tracker.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Each role against each operation of the route table, inside the caller's own workspace: roles the rules deny get
/// 403 (or 404 where the record is hidden from them) and change nothing; roles they allow never get 403 (they may
/// still get 400/404/422 for the minimal request sent). Role rules are read from the routes' declarations
/// (<c>.RequireWorkspaceRole(...)</c>); the table below holds only what no declaration says: open routes, and rules that
/// depend on the record. The fixture objects belong to another member, so "allowed" means allowed on someone else's
/// record. A route with neither a declaration nor a table entry fails the test, so every new operation gets a rule.
/// </summary>
[Collection(SharedHost.Walkers)]
public class RoleMatrixTests(TrackerFactory factory, ITestOutputHelper output)
{
    private static readonly string[] All = Roles.All;

    /// <summary>Routes without a declared role (open to every member), and record-based rules (see docs/decisions.md).</summary>
    private static readonly Dictionary<string, string[]> Undeclared = new()
    {
        ["GET api/v2/workspaces"] = All,
        ["GET api/v2/members"] = All,
        ["GET api/v2/members/{memberId:long}"] = All,
        ["GET api/v2/projects"] = All,
        ["GET api/v2/projects/{projectId:long}"] = All,
        ["GET api/v2/contracts"] = All,
        ["GET api/v2/contracts/{contractId:long}"] = All,
        ["GET api/v2/tasks"] = All,
        ["GET api/v2/tasks/{taskId:long}"] = All,
        ["GET api/v2/tasks/{taskId:long}/assignees"] = All,
        ["POST api/v2/time-tracking/start"] = All,
        ["POST api/v2/time-tracking/stop"] = All,
        ["GET api/v2/time-tracking/current-data"] = All,
        ["GET api/v2/time-requests"] = All,
        ["POST api/v2/time-requests"] = All,
        ["GET api/v2/timesheets"] = All,
        // Record-based: a member's own request or timesheet only; the fixture's belongs to someone else.
        ["GET api/v2/time-requests/{id}"] = Roles.Admins,
        ["PUT api/v2/timesheets/{timesheetId}/submit"] = Roles.Admins,
        ["PUT api/v2/timesheets/{timesheetId}/unsubmit"] = Roles.Admins,
        // Declared Staff; on top of it, only admins act on another member's expense.
        ["PUT api/v2/expenses/{expenseId}"] = Roles.Admins,
        ["DELETE api/v2/expenses/{expenseId}"] = Roles.Admins,
    };

    /// <summary>Who may call the route: every declared role rule must hold, and the record-based rule when there is one.</summary>
    private static string[]? Allowed(Endpoint endpoint, string key)
    {
        var declared = endpoint.Metadata.GetOrderedMetadata<WorkspaceRoleRequirement>();
        if (declared.Count == 0 && !Undeclared.ContainsKey(key)) return null;
        return All.Where(role => declared.All(d => d.Allowed.Contains(role)) && (!Undeclared.TryGetValue(key, out var rule) || rule.Contains(role)))
            .ToArray();
    }

    [Fact]
    public async Task Every_role_gets_exactly_the_operations_the_rules_allow()
    {
        var routes = TenantIsolationTests.ApiRoutes(factory).OrderBy(r => r.Method == "DELETE").ToList();
        var rules = routes.ToDictionary(r => $"{r.Method} {r.Pattern}", r => Allowed(TenantIsolationTests.EndpointOf(factory, r), $"{r.Method} {r.Pattern}"));
        var unclassified = rules.Where(r => r.Value is null).Select(r => r.Key).ToList();
        Assert.True(unclassified.Count == 0, "Routes without a role rule:\n" + string.Join("\n", unclassified));
        Assert.Empty(Undeclared.Keys.Except(rules.Keys)); // no stale entries

        var failures = new List<string>();
        var tried = 0;
        foreach (var role in All)
        {
            var ws = await factory.NewWorkspaceAsync();
            var objects = await WorkspaceObjects.CreateAsync(factory, ws);
            var caller = role == Roles.Owner ? ws.Owner : await ws.AddMemberAsync(role);
            foreach (var (method, pattern) in routes)
            {
                var allowed = rules[$"{method} {pattern}"]!.Contains(role);
                var before = allowed || method == "GET" ? null : await WorkspaceObjects.SnapshotAsync(factory, ws.Id);
                var url = Regex.Replace(pattern, "\\{([^}:]+)[^}]*\\}", m => objects.IdFor(m.Groups[1].Value)!);
                var request = new HttpRequestMessage(new HttpMethod(method), $"/{url}?workspace_id={ws.Id}");
                if (method != "GET") request.Content = new StringContent($"{{\"workspace_id\":{ws.Id}}}", Encoding.UTF8, "application/json");
                var response = await Http.SendAsync(caller.Client, request);
                tried++;
                if (allowed && response.Status == HttpStatusCode.Forbidden)
                    failures.Add($"{role} should be allowed {method} /{pattern} but got 403: {response.Json}");
                // Refusal is 403, or 404 where the object is hidden from the role (another member's record).
                var refused = response.Status == HttpStatusCode.Forbidden || (pattern.Contains('{') && response.Status == HttpStatusCode.NotFound);
                if (!allowed && !refused)
                    failures.Add($"{role} should be refused {method} /{pattern} but got {(int)response.Status}: {response.Json}");
                if (before is not null && before != await WorkspaceObjects.SnapshotAsync(factory, ws.Id))
                    failures.Add($"{role} changed data through refused {method} /{pattern}");
            }
        }
        output.WriteLine($"Role × operation cases: {tried}; failures: {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
