using System.Net;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Account;

public sealed class OpenRegistrationFactory : TrackerFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Registration:Open"] = "true" };
}

[Collection(SharedHost.Account)]
public class ClosedRegistrationTests(TrackerFactory factory)
{
    [Fact]
    public async Task Sign_up_is_off_by_default_a_404_page_and_no_link()
    {
        var browser = Browser.New(factory);
        Assert.DoesNotContain("/account/register", await browser.GetStringAsync("/account/login"));
        var page = await browser.GetAsync("/account/register");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType!.ToString());

        var email = $"new-{Guid.NewGuid():N}@example.com";
        var post = await browser.PostAsync("/account/register", new Dictionary<string, string>
        {
            ["firstname"] = "New", ["lastname"] = "Person", ["email"] = email, ["password"] = "long-enough-password", ["workspace"] = "Mine",
        });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        await using var scope = factory.Scope();
        Assert.False(await factory.Db(scope).Users.AnyAsync(u => u.NormalizedEmail == email));
    }
}

public class OpenRegistrationTests(OpenRegistrationFactory factory) : IClassFixture<OpenRegistrationFactory>
{
    private static Dictionary<string, string> Fields(string email, string password = "long-enough-password", string workspace = "Acme Studio") => new()
    {
        ["firstname"] = "Grace", ["lastname"] = "Hopper", ["email"] = email, ["password"] = password, ["workspace"] = workspace,
    };

    [Fact]
    public async Task Sign_up_creates_the_account_the_workspace_and_an_active_owner_then_signs_in()
    {
        var browser = Browser.New(factory);
        Assert.Contains("<a href=\"/account/register\">Create an account</a>", await browser.GetStringAsync("/account/login"));
        var email = $"Grace-{Guid.NewGuid():N}@Example.com";

        var created = await browser.SubmitAsync("/account/register", "/account/register", Fields(" " + email));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.True(await browser.IsSignedInAsync());

        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToLowerInvariant());
        Assert.Equal((email, "Grace", "Hopper"), (user.Email, user.FirstName, user.LastName));
        var workspace = await db.Workspaces.SingleAsync(w => w.OwnerId == user.Id);
        Assert.Equal("Acme Studio", workspace.Name);
        var member = await db.Members.SingleAsync(m => m.UserId == user.Id);
        Assert.Equal((workspace.Id, Roles.Owner, MemberStatuses.Active), (member.WorkspaceId, member.Role, member.Status));

        // The new Owner works through the API with a token of their own.
        var token = await TestData.TokenForAsync(factory, user.Id);
        var mine = (await factory.ClientWith(token).ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.OK);
        Assert.Equal("Owner", mine.Data.EnumerateArray().Single().GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_email_with_an_account_is_sent_to_sign_in_and_nothing_is_taken_over()
    {
        var ws = await factory.NewWorkspaceAsync();
        var response = await Browser.New(factory).SubmitAsync("/account/register", "/account/register",
            Fields(ws.Owner.Email.ToUpperInvariant(), "takeover-password", "Takeover"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal("This email already has an account.", Browser.ErrorOf(page));
        Assert.Contains("href=\"/account/forgot-password\"", page);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser.New(factory).SignInAsync(ws.Owner.Email, "takeover-password")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.New(factory).SignInAsync(ws.Owner.Email, TestData.Password)).StatusCode);
        await using var scope = factory.Scope();
        Assert.False(await factory.Db(scope).Workspaces.AnyAsync(w => w.Name == "Takeover"));
    }

    [Fact]
    public async Task An_invited_account_without_a_password_cannot_be_claimed_by_signing_up()
    {
        var ws = await factory.NewWorkspaceAsync();
        var email = $"invited-{Guid.NewGuid():N}@example.com";
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/members?{ws.Q}", new { email, firstname = "I", lastname = "N", role = "Regular User" }))
            .Expect(HttpStatusCode.Created);
        var response = await Browser.New(factory).SubmitAsync("/account/register", "/account/register", Fields(email));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = factory.Scope();
        Assert.Null(await factory.Db(scope).Users.Where(u => u.NormalizedEmail == email).Select(u => u.PasswordHash).SingleAsync());
    }

    [Theory]
    [InlineData("email", "not-an-email", "Enter a valid email address.")]
    [InlineData("password", "short", "The password needs at least 10 characters.")]
    [InlineData("workspace", " ", "Workspace name is required.")]
    // The pipeline's guard refuses a bell before the page's own check (which refuses tabs): its error page names the field.
    [InlineData("firstname", "Bad\u0007Name", "The firstname field must not contain control characters.")]
    public async Task Invalid_fields_are_shown_on_the_page_and_nothing_is_created(string field, string value, string message)
    {
        var email = $"invalid-{Guid.NewGuid():N}@example.com";
        var fields = Fields(email);
        fields[field] = value;
        var response = await Browser.New(factory).SubmitAsync("/account/register", "/account/register", fields);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        Assert.Equal(message, Browser.ErrorOf(await response.Content.ReadAsStringAsync()));
        await using var scope = factory.Scope();
        Assert.False(await factory.Db(scope).Users.AnyAsync(u => u.NormalizedEmail == email));
    }
}
