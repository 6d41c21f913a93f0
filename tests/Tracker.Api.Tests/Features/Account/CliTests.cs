using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Cli;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>The administrative commands, run against the test server's database as `dotnet run -- …` runs them.</summary>
[Collection(SharedHost.Account)]
public partial class CliTests(TrackerFactory factory)
{
    private sealed record Run(int ExitCode, string Out, string Error);

    private async Task<Run> RunAsync(string input, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await CliCommands.RunAsync(factory.Services, args, new CliConsole(new StringReader(input), output, error));
        return new Run(code, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"http://localhost:5080(/invitations/\S+)")]
    private static partial Regex InvitationLink();

    [Fact]
    public async Task Workspace_create_for_a_new_email_makes_a_pending_owner_and_prints_the_invitation_link()
    {
        var email = $"founder-{Guid.NewGuid():N}@example.com";
        var run = await RunAsync("", "workspace", "create", "--name", "Night Shift", "--owner-email", email);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Workspace \"Night Shift\"", run.Out);
        var link = InvitationLink().Match(run.Out);
        Assert.True(link.Success, run.Out);

        await using (var scope = factory.Scope())
        {
            var db = factory.Db(scope);
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email);
            Assert.Null(user.PasswordHash);
            var workspace = await db.Workspaces.SingleAsync(w => w.Name == "Night Shift" && w.OwnerId == user.Id);
            var member = await db.Members.SingleAsync(m => m.WorkspaceId == workspace.Id);
            Assert.Equal((user.Id, Roles.Owner, MemberStatuses.Inactive), (member.UserId, member.Role, member.Status));
        }
        // The link is a live invitation to that workspace.
        var page = await Browser.New(factory).GetAsync(link.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Night Shift", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Workspace_create_for_an_account_with_a_password_makes_it_the_active_owner()
    {
        var ws = await factory.NewWorkspaceAsync();
        var run = await RunAsync("", "workspace", "create", "--name", "Second Team", "--owner-email", ws.Owner.Email.ToUpperInvariant());
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Its Owner, {ws.Owner.Email}, can sign in at http://localhost:5080/account/login", run.Out);
        Assert.DoesNotContain("/invitations/", run.Out);

        var list = (await ws.Owner.Client.ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        var second = list.Data.EnumerateArray().Single(w => w.GetProperty("workspace_name").GetString() == "Second Team");
        Assert.Equal(("Owner", "active", ws.Owner.Id), (second.GetProperty("role").GetString(), second.GetProperty("status").GetString(),
            second.GetProperty("owner_id").GetInt64()));
    }

    [Theory]
    [InlineData(new[] { "workspace", "create", "--owner-email", "a@example.com" }, "--name is required.")]
    [InlineData(new[] { "workspace", "create", "--name", "X" }, "Give --owner-email, a valid email address.")]
    [InlineData(new[] { "workspace", "create", "--name", "X", "--owner-email", "not-an-email" }, "Give --owner-email, a valid email address.")]
    [InlineData(new[] { "user", "set-password", "--email", "nobody@example.com" }, "No user with that --email.")]
    public async Task Bad_arguments_exit_2_with_a_message_and_change_nothing(string[] args, string message)
    {
        await using var scope = factory.Scope();
        var workspaces = await factory.Db(scope).Workspaces.CountAsync();
        var run = await RunAsync("long-enough-password\n", args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
        Assert.Equal("", run.Out);
        Assert.Equal(workspaces, await factory.Db(scope).Workspaces.CountAsync());
    }

    [Fact]
    public async Task User_set_password_reads_standard_input_and_ends_the_accounts_sessions()
    {
        var ws = await factory.NewWorkspaceAsync();
        var session = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var tooShort = await RunAsync("short\n", "user", "set-password", "--email", ws.Owner.Email);
        Assert.Equal(2, tooShort.ExitCode);
        Assert.Contains("at least 10 characters", tooShort.Error);
        var empty = await RunAsync("", "user", "set-password", "--email", ws.Owner.Email);
        Assert.Equal(2, empty.ExitCode);
        Assert.True(await session.IsSignedInAsync());

        var run = await RunAsync("set-from-the-console\n", "user", "set-password", "--email", ws.Owner.Email);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("set-from-the-console", run.Out);
        Assert.False(await session.IsSignedInAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.New(factory).SignInAsync(ws.Owner.Email, "set-from-the-console")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser.New(factory).SignInAsync(ws.Owner.Email, TestData.Password)).StatusCode);
    }

    [Fact]
    public async Task The_existing_token_command_still_works()
    {
        var ws = await factory.NewWorkspaceAsync();
        var run = await RunAsync("", "token", "create", "--email", ws.Owner.Email, "--name", "ci");
        Assert.Equal(0, run.ExitCode);
        var token = Regex.Match(run.Out, "trk_pat_[0-9a-f]{48}").Value;
        (await factory.ClientWith(token).ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
    }
}
