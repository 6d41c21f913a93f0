using System.Net;
using System.Text.Json;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Contracts;

/// <summary>
/// A contract of an existing account invited into the workspace names its member as the inviter sent them until they
/// accept, then by the account's own profile (issue 14).
/// </summary>
[Collection(SharedHost.Api)]
public class PendingInviteeContractTests(TrackerFactory factory)
{
    [Fact]
    public async Task A_pending_invitees_contract_names_them_as_sent_until_they_accept()
    {
        var (_, person) = await factory.PersonWithProfileAsync("Pacific/Honolulu");
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync(person.Email);
        var contract = await ws.CreateContractAsync(await ws.CreateProjectAsync(), person.Id);

        foreach (var shown in await ContractsAsync(ws, contract, person.Id))
        {
            Assert.Equal("Sent", shown.GetProperty("user_firstname").GetString());
            Assert.Equal("Name", shown.GetProperty("user_lastname").GetString());
            Assert.Equal(person.Email, shown.GetProperty("user_email").GetString());
            Assert.Equal("Regular User", shown.GetProperty("user_role").GetString());
            Assert.DoesNotContain(InvitationFlow.PrivateFirstName, shown.GetRawText());
        }

        await factory.AcceptAsync(person, invitation);
        foreach (var shown in await ContractsAsync(ws, contract, person.Id))
        {
            Assert.Equal(InvitationFlow.PrivateFirstName, shown.GetProperty("user_firstname").GetString());
            Assert.Equal(InvitationFlow.PrivateLastName, shown.GetProperty("user_lastname").GetString());
        }
    }

    /// <summary>The contract as GET /contracts/{id} and the list answer it.</summary>
    private static async Task<JsonElement[]> ContractsAsync(TestWorkspace ws, long contractId, long userId)
    {
        var one = (await ws.Owner.Client.ApiGetAsync($"/api/v2/contracts/{contractId}?{ws.Q}")).Expect(HttpStatusCode.OK).Data;
        var listed = Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/contracts?{ws.Q}&user_id={userId}"))
            .Expect(HttpStatusCode.OK).Data.EnumerateArray());
        return [one, listed];
    }
}
