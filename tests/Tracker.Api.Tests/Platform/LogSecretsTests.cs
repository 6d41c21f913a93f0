using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Account;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// Captures every log line the server writes, at every level: the configuration's levels (appsettings.json holds
/// Microsoft.AspNetCore at Warning) are lowered to Trace too, even for the categories the server holds back in code.
/// </summary>
public class LogCapturingFactory : TrackerFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override IDictionary<string, string?> Settings => new[]
    {
        "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Routing",
        "OpenIddict", "Microsoft.EntityFrameworkCore.Database.Command",
    }.ToDictionary(category => $"Logging:LogLevel:{category}", _ => (string?)"Trace");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new CapturingProvider(Lines));
        });
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(lines);
        public void Dispose() { }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + " " + state + " " + exception);
    }
}

public class LogSecretsTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public async Task Tokens_and_passwords_never_reach_the_logs()
    {
        var ws = await factory.NewWorkspaceAsync();
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/members?{ws.Q}")).Expect(HttpStatusCode.OK);
        (await factory.ClientWith(ws.Owner.Token + "0").ApiGetAsync("/api/v2/workspaces")).Expect(HttpStatusCode.Unauthorized);
        var browser = factory.ClientWith(null);
        var form = Forms.Fields(await browser.GetStringAsync("/account/login"));
        form["email"] = ws.Owner.Email;
        form["password"] = TestData.Password;
        await browser.PostAsync("/account/login", new FormUrlEncodedContent(form));

        Assert.NotEmpty(factory.Lines);
        var all = string.Join("\n", factory.Lines);
        Assert.DoesNotContain(ws.Owner.Token, all);
        Assert.DoesNotContain(TestData.Password, all);
        // One request line per request, with the final status and without the query string.
        Assert.Contains(factory.Lines, l => l.Contains("GET /api/v2/members responded 200", StringComparison.Ordinal));
        Assert.Contains(factory.Lines, l => l.Contains("GET /api/v2/workspaces responded 401", StringComparison.Ordinal));
        Assert.DoesNotContain(ws.Q, all);
    }

    [Fact]
    public async Task Invitation_and_reset_links_never_reach_the_logs()
    {
        var home = await factory.NewWorkspaceAsync();
        var existing = await home.AddMemberAsync(Roles.RegularUser);
        var ws = await factory.NewWorkspaceAsync();
        var forExisting = await ws.InviteAsync(existing.Email);
        var forNew = await ws.InviteAsync($"new-{Guid.NewGuid():N}@example.com");
        var viewer = (await ws.Owner.Client.ApiPostAsync("/api/v2/project-viewers",
            new { workspace_id = ws.Id, email = $"viewer-{Guid.NewGuid():N}@example.com", firstname = "V", lastname = "W" })).Expect(HttpStatusCode.Created);
        var viewerToken = new Uri(viewer.Data.GetProperty("invitation_link").GetString()!).AbsolutePath["/invitations/".Length..];

        // An existing account: the page, sign-in with the link as returnUrl (redirect back), accept.
        var browser = factory.Browser();
        await browser.GetAsync(forExisting.Path);
        await browser.SignInAsync(existing.Email, TestData.Password, forExisting.Path);
        var (_, accepted) = await browser.OpenAndAcceptAsync(forExisting);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        // A new account, a used link, a link in other letter case, a viewer's link, and a reset link.
        await factory.Browser().OpenAndAcceptAsync(forNew, "a-long-enough-password");
        await factory.Browser().GetAsync(forNew.Path);
        await factory.Browser().GetAsync(forNew.Path.ToUpperInvariant());
        await factory.Browser().GetAsync("/invitations/" + viewerToken);
        const string resetToken = "0123456789abcdef0123456789abcdef01234567";
        await factory.Browser().GetAsync("/account/reset-password/" + resetToken);

        var all = string.Join("\n", factory.Lines);
        foreach (var token in new[] { forExisting.Token, forNew.Token, viewerToken, resetToken })
        {
            Assert.DoesNotContain(token, all, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(token[..12], all, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(factory.Lines, l => l.Contains("GET /invitations/{token} responded 200", StringComparison.Ordinal));
        Assert.Contains(factory.Lines, l => l.Contains("POST /invitations/{token} responded 302", StringComparison.Ordinal));
        Assert.Contains(factory.Lines, l => l.Contains("GET /account/reset-password/{token} responded", StringComparison.Ordinal));
    }
}
