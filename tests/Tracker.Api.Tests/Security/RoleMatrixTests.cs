using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Each role against each operation of the route table, inside the caller's own workspace: roles the table
/// denies get 403 and change nothing; roles it allows never get 403 (they may still get 400/404/422 for the
/// minimal request sent). The fixture objects belong to another member, so "allowed" means allowed on someone
/// else's record. A route missing from the table fails the test, so every new operation gets a rule.
/// </summary>
[Collection(SharedHost.Walkers)]
public class RoleMatrixTests(TrackerFactory factory, ITestOutputHelper output)
{
    private static readonly string[] All = Roles.All;
    private static readonly string[] Staff = [Roles.Owner, Roles.ExecutiveManager, Roles.TeamManager, Roles.ProjectManager, Roles.RegularUser];
    private static readonly string[] Admins = [Roles.Owner, Roles.ExecutiveManager];
    private static readonly string[] Managers = [Roles.Owner, Roles.ExecutiveManager, Roles.TeamManager, Roles.ProjectManager];

    /// <summary>Who may call what (see docs/decisions.md for the reasons).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["GET api/v2/workspaces"] = All,
        ["GET api/v2/members"] = All,
        ["GET api/v2/members/{memberId:long}"] = All,
        ["POST api/v2/members"] = Admins,
        ["PUT api/v2/members/{memberId:long}"] = Admins,
        ["DELETE api/v2/members/{memberId:long}"] = Admins,
        ["GET api/v2/projects"] = All,
        ["POST api/v2/projects"] = Admins,
        ["GET api/v2/projects/{projectId:long}"] = All,
        ["PUT api/v2/projects/{projectId:long}"] = Admins,
        ["DELETE api/v2/projects/{projectId:long}"] = Admins,
        ["GET api/v2/contracts"] = All,
        ["POST api/v2/contracts"] = Admins,
        ["GET api/v2/contracts/{contractId:long}"] = All,
        ["PUT api/v2/contracts/{contractId:long}"] = Admins,
        ["DELETE api/v2/contracts/{contractId:long}"] = Admins,
        ["GET api/v2/tasks"] = All,
        ["POST api/v2/tasks"] = Managers,
        ["GET api/v2/tasks/{taskId:long}"] = All,
        ["PUT api/v2/tasks/{taskId:long}"] = Managers,
        ["DELETE api/v2/tasks/{taskId:long}"] = Managers,
        ["POST api/v2/tasks/{taskId:long}/assign/{userId:long}"] = Managers,
        ["DELETE api/v2/tasks/{taskId:long}/unassign/{userId:long}"] = Managers,
        ["GET api/v2/tasks/{taskId:long}/assignees"] = All,
        ["GET api/v2/project-viewers"] = Admins,
        ["POST api/v2/project-viewers"] = Admins,
        ["GET api/v2/project-viewers/{viewerId:long}"] = Admins,
        ["DELETE api/v2/project-viewers/{viewerId:long}"] = Admins,
        ["POST api/v2/project-viewers/{viewerId:long}/restore"] = Admins,
        ["POST api/v2/project-viewers/{viewerId:long}/assign-project"] = Admins,
        ["DELETE api/v2/project-viewers/{viewerId:long}/unassign-project"] = Admins,
        ["POST api/v2/time-tracking/start"] = All,
        ["POST api/v2/time-tracking/stop"] = All,
        ["GET api/v2/time-tracking/current-data"] = All,
        ["GET api/v2/time-entries"] = Admins,
        ["POST api/v2/time-entries"] = Admins,
        ["PUT api/v2/time-entries/{time_entry_id}"] = Admins,
        ["DELETE api/v2/time-entries/{time_entry_id}"] = Admins,
        ["GET api/v2/time-requests"] = All,
        ["POST api/v2/time-requests"] = All,
        ["GET api/v2/time-requests/{id}"] = Admins,
        ["POST api/v2/time-requests/{timeRequestId}/approve"] = Admins,
        ["POST api/v2/time-requests/{timeRequestId}/reject"] = Admins,
        ["GET api/v2/timesheets"] = All,
        ["PUT api/v2/timesheets/{timesheetId}/approve"] = Admins,
        ["PUT api/v2/timesheets/{timesheetId}/reject"] = Admins,
        ["PUT api/v2/timesheets/{timesheetId}/submit"] = Admins,
        ["PUT api/v2/timesheets/{timesheetId}/unsubmit"] = Admins,
        ["GET api/v2/webhooks"] = Admins,
        ["POST api/v2/webhooks"] = Admins,
        ["GET api/v2/webhooks/{webhookId}"] = Admins,
        ["PUT api/v2/webhooks/{webhookId}"] = Admins,
        ["DELETE api/v2/webhooks/{webhookId}"] = Admins,
        ["POST api/v2/webhooks/{webhookId}/rotate-secret"] = Admins,
        ["GET api/v2/webhooks/{webhookId}/deliveries"] = Admins,
        ["POST api/v2/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"] = Admins,
        ["GET api/v2/reports/tracked-hours"] = Admins,
        ["GET api/v2/reports/daily-timeline"] = Admins,
        ["GET api/v2/reports/activity-level"] = Admins,
        ["GET api/v2/reports/daily-attendance"] = Admins,
        ["GET api/v2/reports/task-report"] = Admins,
        ["GET api/v2/reports/activity-descriptions"] = Admins,
        ["GET api/v2/leaves"] = Staff,
        ["POST api/v2/leaves"] = Staff,
        ["GET api/v2/leaves/balances"] = Staff,
        ["GET api/v2/leaves/policies"] = Staff,
        ["PUT api/v2/leaves/{leaveId}/approve"] = Admins,
        ["PUT api/v2/leaves/{leaveId}/reject"] = Admins,
        ["POST api/v2/leaves/{leaveId}/approve"] = Admins,
        ["POST api/v2/leaves/{leaveId}/reject"] = Admins,
        ["PUT api/v2/leaves/approve/{leaveId}"] = Admins,
        ["PUT api/v2/leaves/reject/{leaveId}"] = Admins,
        ["GET api/v2/expenses"] = Staff,
        ["POST api/v2/expenses"] = Staff,
        ["GET api/v2/expenses/categories"] = Staff,
        ["POST api/v2/expenses/categories"] = Admins,
        ["PUT api/v2/expenses/{expenseId}"] = Admins,
        ["DELETE api/v2/expenses/{expenseId}"] = Admins,
    };

    [Fact]
    public async Task Every_role_gets_exactly_the_operations_the_rules_allow()
    {
        var routes = TenantIsolationTests.ApiRoutes(factory).OrderBy(r => r.Method == "DELETE").ToList();
        var unclassified = routes.Where(r => !Allowed.ContainsKey($"{r.Method} {r.Pattern}")).Select(r => $"{r.Method} {r.Pattern}").ToList();
        Assert.True(unclassified.Count == 0, "Routes without a role rule:\n" + string.Join("\n", unclassified));

        var failures = new List<string>();
        var tried = 0;
        foreach (var role in All)
        {
            var ws = await factory.NewWorkspaceAsync();
            var objects = await WorkspaceObjects.CreateAsync(factory, ws);
            var caller = role == Roles.Owner ? ws.Owner : await ws.AddMemberAsync(role);
            foreach (var (method, pattern) in routes)
            {
                var allowed = Allowed[$"{method} {pattern}"].Contains(role);
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
