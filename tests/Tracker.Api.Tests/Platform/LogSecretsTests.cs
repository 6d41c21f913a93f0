using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>Captures every log line the server writes, at every level.</summary>
public class LogCapturingFactory : TrackerFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

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
}
