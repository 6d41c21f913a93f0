using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// The account level of the isolation matrix. Two workspaces share people: <c>shared</c> is an active member of both,
/// <c>invited</c> is active in B and only invited (pending) in A. A's owner then calls every /api/v2 operation in A,
/// aimed at each of them (their id in the path, body and query), with a body that also tries to rewrite the account
/// (email, names, time zone, password). Nothing of B may change (its rows and its members' account rows), and no
/// answer may carry B's objects or the invited person's own profile, which A has no right to see.
/// </summary>
[Collection(SharedHost.Walkers)]
public class AccountIsolationTests(TrackerFactory factory, ITestOutputHelper output)
{
    [Fact]
    public async Task No_operation_in_one_workspace_changes_or_reveals_a_shared_account()
    {
        var a = await factory.NewWorkspaceAsync();
        var b = await factory.NewWorkspaceAsync();
        var ownObjects = await WorkspaceObjects.CreateAsync(factory, a);
        var victim = await WorkspaceObjects.CreateAsync(factory, b);

        var shared = await b.AddMemberAsync(Roles.ExecutiveManager, timezone: "Pacific/Chatham");
        await a.AddExistingUserAsync(shared, Roles.RegularUser);
        var invited = await b.AddMemberAsync(Roles.RegularUser, timezone: "Pacific/Chatham");
        var privateName = "Private" + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var account = await db.Users.FindAsync(invited.Id);
            (account!.FirstName, account.LastName) = (privateName, privateName);
            await db.SaveChangesAsync();
        }
        (await a.Owner.Client.ApiPostAsync($"/api/v2/members?{a.Q}", new
        {
            email = invited.Email, firstname = "Invited", lastname = "ByA", role = Roles.RegularUser,
        })).Expect(HttpStatusCode.Created);
        // B's own record of each shared person, which A must never see or change.
        foreach (var person in new[] { shared, invited })
            (await b.Owner.Client.ApiPostAsync($"/api/v2/time-entries?{b.Q}", new
            {
                user_id = person.Id, date = "2026-01-02", start_time = "11:00", end_time = "12:00", notes = "B-only " + victim.Markers[0],
            })).Expect(HttpStatusCode.Created);

        var before = await WorkspaceObjects.SnapshotAsync(factory, b.Id);
        var failures = new List<string>();
        var tried = 0;
        foreach (var target in new[] { shared, invited })
        {
            // The profile B holds for the invited person (its name and zone) is not A's to see.
            var secrets = target == invited ? victim.Markers.Append("Pacific/Chatham").Append(privateName) : victim.Markers;
            // Deletes last, so that an archive in A does not hide the later attempts behind 404s.
            foreach (var (method, pattern) in TenantIsolationTests.ApiRoutes(factory).OrderBy(r => r.Method == "DELETE"))
            {
                var url = Regex.Replace(pattern, "\\{([^}:]+)[^}]*\\}", m => WorkspaceObjects.KindOf(m.Groups[1].Value) == "member"
                    ? target.Id.ToString()
                    : ownObjects.IdFor(m.Groups[1].Value) ?? "0");
                var request = new HttpRequestMessage(new HttpMethod(method), $"/{url}?workspace_id={a.Id}&user_id={target.Id}");
                if (method != "GET")
                    request.Content = new StringContent(TakeoverBody(a.Id, target.Id).ToJsonString(), Encoding.UTF8, "application/json");
                var response = await Http.SendAsync(a.Owner.Client, request);
                tried++;
                var text = response.Json.ValueKind == default ? "" : response.Json.ToString();
                if ((int)response.Status >= 500) failures.Add($"{method} /{pattern} → {(int)response.Status}");
                if (secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal)) is { } leaked)
                    failures.Add($"{method} /{pattern} for user {target.Id} revealed '{leaked}': {text}");
            }
        }

        if (await WorkspaceObjects.SnapshotAsync(factory, b.Id) != before) failures.Add("B's rows or its members' accounts changed");
        output.WriteLine($"Shared-account attempts: {tried}; failures: {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The shared person still signs in and works in B as before.
        (await shared.Client.ApiGetAsync($"/api/v2/members/{shared.Id}?{b.Q}")).Expect(HttpStatusCode.OK);
    }

    /// <summary>Every account field any operation might take, aimed at the target person.</summary>
    private static JsonObject TakeoverBody(long workspaceId, long userId) => new()
    {
        ["workspace_id"] = workspaceId, ["user_id"] = userId, ["member_id"] = userId,
        ["email"] = $"mallory-{Guid.NewGuid():N}@attacker.test", ["firstname"] = "Mallory", ["lastname"] = "Attacker",
        ["timezone"] = "Pacific/Kiritimati", ["password"] = "attacker-chosen-password", ["remove_avatar"] = 1,
        ["rate_status"] = 1, ["role"] = Roles.RegularUser, ["weekly_hours_limit"] = 1,
    };
}
