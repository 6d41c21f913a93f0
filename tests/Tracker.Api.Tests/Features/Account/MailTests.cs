using System.Net;
using MimeKit;
using Tracker.Api.Tests.Infrastructure;
using Tracker.Api.Tests.Platform;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>Invitations arrive by SMTP, read by a real SMTP server in the test process.</summary>
public class SmtpMailTests(SmtpFactory factory) : IClassFixture<SmtpFactory>
{
    [Fact]
    public async Task An_invited_member_receives_the_workspace_role_and_link_by_smtp()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        var invited = (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}",
            new { email, firstname = "Ada", lastname = "Lovelace", role = "team manager" })).Expect(HttpStatusCode.Created);
        var token = Token(invited.Data.GetProperty("invitation_link").GetString()!);

        var mail = await factory.Smtp.WaitForAsync(email);
        Assert.Equal($"You are invited to Workspace {ws.Owner.Id} on Tracker", mail.Subject);
        Assert.Equal("tracker@example.com", mail.From.Mailboxes.Single().Address);
        Assert.Contains($"\"Workspace {ws.Owner.Id}\"", mail.TextBody);
        Assert.Contains("as Team manager", mail.TextBody);
        Assert.Contains($"http://localhost:5080/invitations/{token}", mail.TextBody);
        Assert.Equal(HttpStatusCode.OK, (await Browser.New(factory).GetAsync($"/invitations/{token}")).StatusCode);
    }

    [Fact]
    public async Task The_mailed_link_is_on_the_public_url_whatever_host_the_request_named()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"host-{Guid.NewGuid():N}@example.com";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v2/members?{ws.Q}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { email, firstname = "H", lastname = "O", role = "Regular User" }),
        };
        request.Headers.Host = "phish.example";
        (await Http.SendAsync(ws.Owner.Client, request)).Expect(HttpStatusCode.Created);

        var mail = await factory.Smtp.WaitForAsync(email);
        Assert.DoesNotContain("phish.example", mail.TextBody);
        Assert.Contains("http://localhost:5080/invitations/", mail.TextBody);
    }

    private static string Token(string link) => link.Split('/')[^1];

    [Fact]
    public async Task An_invited_project_viewer_receives_the_link_by_smtp()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"viewer-{Guid.NewGuid():N}@example.com";
        var created = (await ws.Owner.Client.ApiPostAsync($"/api/v2/project-viewers?{ws.Q}",
            new { email, firstname = "Vera", lastname = "Viewer" })).Expect(HttpStatusCode.Created);

        var mail = await factory.Smtp.WaitForAsync(email);
        Assert.Contains("as Project viewer", mail.TextBody);
        Assert.Contains($"http://localhost:5080/invitations/{Token(created.Data.GetProperty("invitation_link").GetString()!)}", mail.TextBody);
    }

    [Fact]
    public async Task A_refused_invitation_sends_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync("Regular User");
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        (await member.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname = "N", lastname = "B", role = "Regular User" }))
            .Expect(HttpStatusCode.Forbidden);
        // Mail is delivered in order: once a later invitation has arrived, the refused one would have too.
        var later = $"later-{Guid.NewGuid():N}@example.com";
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email = later, firstname = "L", lastname = "R", role = "Regular User" }))
            .Expect(HttpStatusCode.Created);
        await factory.Smtp.WaitForAsync(later);
        Assert.Equal(0, factory.Smtp.CountTo(email));
    }
}

/// <summary>No Smtp:Host: mail goes to .eml files in Mail:Folder, and the log says where, once.</summary>
public class FolderMailTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public async Task Without_an_smtp_host_each_mail_is_an_eml_file_and_the_folder_is_logged_once()
    {
        var ws = await factory.NewWorkspaceAsync();
        var links = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var email = $"eml-{i}-{Guid.NewGuid():N}@example.com";
            links.Add((await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname = "E", lastname = "M", role = "Regular User" }))
                .Expect(HttpStatusCode.Created).Data.GetProperty("invitation_link").GetString()!);
        }

        var messages = await WaitForFilesAsync(factory.MailFolder, links.Count);
        foreach (var link in links) Assert.Contains(messages, m => m.TextBody?.Contains("/invitations/" + link.Split('/')[^1]) == true);
        Assert.Single(factory.Lines, l => l.Contains("written as .eml files to " + factory.MailFolder, StringComparison.Ordinal));
    }

    private static async Task<List<MimeMessage>> WaitForFilesAsync(string folder, int count)
    {
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [];
            if (files.Length >= count) return files.Select(f => MimeMessage.Load(f)).ToList();
            await Task.Delay(20);
        }
        throw new TimeoutException("The .eml files were not written.");
    }
}

/// <summary>A mail server that cannot be reached: nothing listens on the port.</summary>
public sealed class UnreachableSmtpFactory : LogCapturingFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = SmtpSink.FreePort().ToString(),
        ["Smtp:Security"] = "None",
    };
}

public class MailFailureTests(UnreachableSmtpFactory factory) : IClassFixture<UnreachableSmtpFactory>
{
    [Fact]
    public async Task A_mail_failure_does_not_fail_the_invitation_and_the_warning_has_no_link()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"unreachable-{Guid.NewGuid():N}@example.com";
        var invited = (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname = "U", lastname = "R", role = "Regular User" }))
            .Expect(HttpStatusCode.Created);
        var token = invited.Data.GetProperty("invitation_link").GetString()!.Split('/')[^1];

        string? warning = null;
        for (var waited = 0; warning is null && waited < 10_000; waited += 20)
        {
            warning = factory.Lines.FirstOrDefault(l => l.StartsWith("Could not send the email", StringComparison.Ordinal) && l.Contains(email));
            await Task.Delay(20);
        }
        Assert.NotNull(warning);
        Assert.DoesNotContain(factory.Lines, l => l.Contains(token, StringComparison.Ordinal));
    }
}
