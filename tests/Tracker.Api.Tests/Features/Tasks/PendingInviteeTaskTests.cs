using System.Net;
using System.Text.Json;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Features.Projects;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Tasks;

/// <summary>
/// A task assignee who is an existing account invited into the workspace is named as the inviter sent them until they
/// accept, then by the account's own profile (issue 14).
/// </summary>
[Collection(SharedHost.Api)]
public class PendingInviteeTaskTests(TrackerFactory factory)
{
    [Fact]
    public async Task A_pending_invitee_assigned_to_a_task_is_named_as_sent_until_they_accept()
    {
        var (_, person) = await factory.PersonWithProfileAsync("Pacific/Honolulu");
        var ws = await factory.NewWorkspaceAsync();
        var invitation = await ws.InviteAsync(person.Email);
        var project = await ws.CreateProjectAsync();
        await ws.CreateContractAsync(project, person.Id);
        var task = await ws.CreateTaskAsync(project);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/tasks/{task}/assign/{person.Id}?{ws.Q}&project_id={project}", new { }))
            .Expect(HttpStatusCode.OK);

        foreach (var assignee in await AssigneesAsync(ws, project, task))
        {
            Assert.Equal(person.Id, assignee.GetProperty("id").GetInt64());
            Assert.Equal("Sent", assignee.GetProperty("firstname").GetString());
            Assert.Equal("Name", assignee.GetProperty("lastname").GetString());
            Assert.Equal(person.Email, assignee.GetProperty("email").GetString());
        }

        await factory.AcceptAsync(person, invitation);
        foreach (var assignee in await AssigneesAsync(ws, project, task))
        {
            Assert.Equal(InvitationFlow.PrivateFirstName, assignee.GetProperty("firstname").GetString());
            Assert.Equal(InvitationFlow.PrivateLastName, assignee.GetProperty("lastname").GetString());
        }
    }

    /// <summary>The task's single assignee as GET /tasks/{id}/assignees, GET /tasks/{id} and the task list answer it.</summary>
    private static async Task<JsonElement[]> AssigneesAsync(TestWorkspace ws, long projectId, long taskId)
    {
        var q = $"{ws.Q}&project_id={projectId}";
        var own = (await ws.Owner.Client.ApiGetAsync($"/api/v2/tasks/{taskId}/assignees?{q}")).Expect(HttpStatusCode.OK).Data;
        var one = (await ws.Owner.Client.ApiGetAsync($"/api/v2/tasks/{taskId}?{q}")).Expect(HttpStatusCode.OK).Data;
        var listed = Assert.Single((await ws.Owner.Client.ApiGetAsync($"/api/v2/tasks?{q}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        return [Assert.Single(own.EnumerateArray()), Assert.Single(one.GetProperty("assignees").EnumerateArray()),
            Assert.Single(listed.GetProperty("assignees").EnumerateArray())];
    }
}
