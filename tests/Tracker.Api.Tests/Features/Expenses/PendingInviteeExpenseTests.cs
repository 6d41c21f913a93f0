using System.Net;
using System.Text.Json;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Expenses;

/// <summary>
/// An expense of an existing account invited into the workspace names its member as the inviter sent them and dates
/// <c>added_dte</c> in the workspace's zone (none set: UTC) until they accept; then by the account's own name and zone
/// (issue 14). The account lives in Pacific/Honolulu, where the clock's 2026-01-05 09:00Z is still January 4th.
/// </summary>
[Collection(SharedHost.Api)]
public class PendingInviteeExpenseTests(TrackerFactory factory)
{
    [Fact]
    public async Task A_pending_invitees_expense_shows_the_sent_name_and_no_zone_of_theirs_until_they_accept()
    {
        var (_, person) = await factory.PersonWithProfileAsync("Pacific/Honolulu");
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync(person.Email);
        var categories = (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, user_id = person.Id, expense_name = "Train tickets", date = "2026-01-02", amount = 12,
            category_id = categories[0].GetProperty("id").GetString(),
        })).Expect(HttpStatusCode.Created).Data;

        foreach (var shown in new[] { created, await ListedAsync(ws, person.Id) })
        {
            Assert.Equal(InvitationFlow.SentName, shown.GetProperty("member").GetString());
            Assert.Equal("Jan 5, 2026", shown.GetProperty("added_dte").GetString());
        }

        await factory.AcceptAsync(person, invitation);
        var accepted = await ListedAsync(ws, person.Id);
        Assert.Equal(InvitationFlow.PrivateName, accepted.GetProperty("member").GetString());
        Assert.Equal("Jan 4, 2026", accepted.GetProperty("added_dte").GetString());
    }

    private static async Task<JsonElement> ListedAsync(TestWorkspace ws, long userId) =>
        Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&user_id={userId}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
}
