using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>
/// The workspace switcher over HTTP: a person in two workspaces sees the second one's data after switching, and
/// never the data of a workspace they are not in (a tampered id gets the API's 403 as a page).
/// </summary>
[Collection(SharedHost.Api)]
public class WorkspaceSwitchTests(TrackerFactory factory)
{
    /// <summary>Ada owns "first" (project Alpha) and is an Executive manager of "second" (project Beta); "third" (Gamma) is not hers.</summary>
    private async Task<(TestUser Ada, TestWorkspace First, TestWorkspace Second, TestWorkspace Third, string Alpha, string Beta, string Gamma)> ArrangeAsync()
    {
        var first = await factory.NewWorkspaceAsync();
        var second = await factory.NewWorkspaceAsync();
        var third = await factory.NewWorkspaceAsync();
        await second.AddExistingUserAsync(first.Owner, Roles.ExecutiveManager);
        async Task<string> ProjectAsync(TestWorkspace ws, string name)
        {
            var unique = $"{name} {ws.Id}";
            (await ws.Owner.Client.ApiPostAsync("/api/v2/projects", new { workspace_id = ws.Id, name = unique })).Expect(HttpStatusCode.Created);
            return unique;
        }
        return (first.Owner, first, second, third, await ProjectAsync(first, "Alpha"), await ProjectAsync(second, "Beta"), await ProjectAsync(third, "Gamma"));
    }

    private static Task<HttpResponseMessage> SwitchAsync(HttpClient browser, string workspace, string returnUrl = "/app/projects") =>
        browser.PostAsync("/app/workspace", new Dictionary<string, string> { ["workspace"] = workspace, ["returnUrl"] = returnUrl });

    [Fact]
    public async Task After_switching_the_app_shows_the_second_workspace_and_remembers_it_for_the_session()
    {
        var (ada, first, second, _, alpha, beta, _) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, ada.Email);

        var before = await browser.GetStringAsync("/app/projects");
        Assert.Contains(alpha, before);
        Assert.DoesNotContain(beta, before);
        Assert.Contains("<label for=\"workspace-switch\">Workspace</label>", before);
        Assert.Contains($"<option value=\"{first.Id}\" selected", before); // the first is the default

        var switched = await SwitchAsync(browser, second.Id.ToString(), "/app/projects?project=1");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/app/projects", switched.Headers.Location?.OriginalString); // the page, without the old workspace's ids

        var after = await browser.GetStringAsync("/app/projects");
        Assert.Contains(beta, after);
        Assert.DoesNotContain(alpha, after);
        Assert.Contains($"<option value=\"{second.Id}\" selected", after);
        Assert.Contains(beta, await browser.GetStringAsync("/app/projects")); // remembered

        // A new session starts at the first workspace again.
        Assert.Contains(alpha, await (await Browser.SignedInAsync(factory, ada.Email)).GetStringAsync("/app/projects"));
    }

    [Fact]
    public async Task An_invitation_not_yet_accepted_is_neither_shown_nor_chosen_first()
    {
        var pending = await factory.NewWorkspaceAsync(); // the lower id: first in the API's list
        var own = await factory.NewWorkspaceAsync();
        (await own.Owner.Client.ApiPostAsync("/api/v2/projects", new { workspace_id = own.Id, name = $"Mine {own.Id}" })).Expect(HttpStatusCode.Created);
        await pending.InviteAsync(own.Owner.Email);
        var browser = await Browser.SignedInAsync(factory, own.Owner.Email);

        var page = await browser.GetAsync("/app/projects");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"Mine {own.Id}", html);
        Assert.DoesNotContain("workspace-switch", html); // one workspace in force: no switcher, no pending one offered
    }

    [Fact]
    public async Task A_workspace_the_person_is_not_in_is_the_APIs_403_as_a_page_and_then_forgotten()
    {
        var (ada, _, _, third, alpha, _, gamma) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, ada.Email);

        Assert.Equal(HttpStatusCode.Redirect, (await SwitchAsync(browser, third.Id.ToString())).StatusCode); // the switch records a choice only
        var refused = await browser.GetAsync("/app/projects");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("You do not have permission to access this workspace", page); // the API's own message
        Assert.DoesNotContain(gamma, page);

        var next = await browser.GetStringAsync("/app/projects"); // the choice was dropped: the first workspace again
        Assert.Contains(alpha, next);
        Assert.DoesNotContain(gamma, next);
    }

    [Fact]
    public async Task The_switch_takes_only_a_workspace_id_from_a_signed_in_form_and_one_workspace_shows_no_switcher()
    {
        var (ada, _, second, _, _, _, _) = await ArrangeAsync();
        var browser = await Browser.SignedInAsync(factory, ada.Email);

        var bad = await SwitchAsync(browser, "second");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Choose one of your workspaces.", await bad.Content.ReadAsStringAsync());
        var offSite = await SwitchAsync(browser, second.Id.ToString(), "https://example.com/app/x");
        Assert.Equal("/app", offSite.Headers.Location?.OriginalString);

        var forged = await browser.PostAsync("/app/workspace", new FormUrlEncodedContent(new Dictionary<string, string> { ["workspace"] = second.Id.ToString() }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode); // no antiforgery token
        Assert.False(forged.Headers.Contains("Set-Cookie"));
        var anonymous = await Browser.New(factory).PostAsync("/app/workspace", new FormUrlEncodedContent(new Dictionary<string, string> { ["workspace"] = "1" }));
        Assert.False(anonymous.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("tracker.workspace", StringComparison.Ordinal)));

        var loner = await factory.NewWorkspaceAsync();
        var alone = await (await Browser.SignedInAsync(factory, loner.Owner.Email)).GetStringAsync("/app/projects");
        Assert.DoesNotContain("workspace-switch", alone);
    }
}
