using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Tests.Features.App;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

/// <summary>
/// The account pages are Razor components: text that people chose (a workspace's or an app's name, a form value, a
/// field named in an error) reaches the page encoded, never as markup.
/// </summary>
[Collection(SharedHost.Account)]
public class AccountPageEncodingTests(TrackerFactory factory)
{
    private const string Script = "<script>alert(1)</script>";
    private static readonly string Encoded = System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Script);

    private static void AssertEscaped(string html)
    {
        Assert.DoesNotContain(Script, html);
        Assert.Contains(Encoded, html);
    }

    [Fact]
    public async Task A_workspace_name_on_the_invitation_page_is_text()
    {
        var ws = await factory.NewWorkspaceAsync();
        await using (var scope = factory.Scope())
            await factory.Db(scope).Workspaces.Where(w => w.Id == ws.Id).ExecuteUpdateAsync(w => w.SetProperty(x => x.Name, Script));
        var invitation = await ws.InviteAsync($"new-{Guid.NewGuid():N}@example.com");

        var page = await Browser.New(factory).GetAsync(invitation.Path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        AssertEscaped(html);
        Assert.Contains($"<title>Join {Encoded}", html);
    }

    [Fact]
    public async Task An_app_name_on_the_consent_page_is_text()
    {
        var ws = await factory.NewWorkspaceAsync();
        var (clientId, _) = await OAuthDriver.CreateClientAsync(factory, ws.Owner.Id, Script, clientCredentials: false);
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);

        var consent = await browser.GetAsync(OAuthDriver.AuthorizeUrl(clientId, "read", "s\"><b>"));
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var html = await consent.Content.ReadAsStringAsync();
        AssertEscaped(html);
        Assert.Contains("name=\"state\" value=\"s&quot;&gt;&lt;b&gt;\"", html); // the request's parameters, sent again as they came
    }

    [Fact]
    public async Task A_return_address_and_an_error_naming_a_field_are_text()
    {
        var signIn = await Browser.New(factory).GetStringAsync("/account/login?returnUrl=" + Uri.EscapeDataString("\">" + Script));
        Assert.Contains("value=\"&quot;&gt;" + Encoded + "\"", signIn);
        Assert.DoesNotContain(Script, signIn);

        var refused = await Browser.New(factory).GetAsync("/account/forgot-password?" + Uri.EscapeDataString(Script) + "=%01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        AssertEscaped(await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_token_name_on_the_settings_page_is_text()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = await Browser.SignedInAsync(factory, ws.Owner.Email);
        var created = await browser.PostAsync("/app/settings", "create-token", new Dictionary<string, string> { ["NewToken.Name"] = Script });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        AssertEscaped(await created.Content.ReadAsStringAsync());
        AssertEscaped(await browser.GetStringAsync("/app/settings"));
    }
}
