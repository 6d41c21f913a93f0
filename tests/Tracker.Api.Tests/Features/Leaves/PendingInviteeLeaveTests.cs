using System.Net;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Leaves;

/// <summary>
/// Leave of an existing account invited into the workspace: until they accept, balances name them as the inviter sent
/// them and a request is filed in the workspace's zone (none set: UTC), not the account's; then the account's own name
/// and zone (issue 14). The account lives in Pacific/Honolulu, where the clock's 2026-01-05 09:00Z is still January 4th.
/// </summary>
[Collection(SharedHost.Api)]
public class PendingInviteeLeaveTests(TrackerFactory factory)
{
    [Fact]
    public async Task A_pending_invitee_is_named_as_sent_and_files_leave_in_the_workspace_zone_until_they_accept()
    {
        var (_, person) = await factory.PersonWithProfileAsync("Pacific/Honolulu");
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync(person.Email);

        Assert.Equal(InvitationFlow.SentName, await BalanceNameAsync(ws, person.Id));
        Assert.Equal("2026-01-05", await FiledOnAsync(ws, person.Id, "2026-01-07"));

        await factory.AcceptAsync(person, invitation);
        Assert.Equal(InvitationFlow.PrivateName, await BalanceNameAsync(ws, person.Id));
        Assert.Equal("2026-01-04", await FiledOnAsync(ws, person.Id, "2026-01-14"));
    }

    private static async Task<string?> BalanceNameAsync(TestWorkspace ws, long userId) =>
        Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/balances?{ws.Q}&date_from=2026-01-01&date_to=2026-12-31&user_id={userId}"))
            .Expect(HttpStatusCode.OK).Data.EnumerateArray()).GetProperty("user_name").GetString();

    /// <summary>Files a day of vacation; answers <c>created_on</c>, the filing day in the member's zone.</summary>
    private static async Task<string?> FiledOnAsync(TestWorkspace ws, long userId, string day)
    {
        var policies = (await ws.Owner.Client.ApiGetAsync($"/api/v2/leaves/policies?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        var vacation = policies.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Vacation").GetProperty("id").GetInt64();
        return (await ws.Owner.Client.ApiPostAsync("/api/v2/leaves", new { workspace_id = ws.Id, policy_id = vacation, user_id = userId, start = day, end = day }))
            .Expect(HttpStatusCode.Created).Data.GetProperty("created_on").GetString();
    }
}
