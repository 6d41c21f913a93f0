using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Tests.Features.Scale;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Platform;

/// <summary>Three free failures per account, five per address; a test header sets the client's address.</summary>
public class SignInThrottleFactory : TrackerFactory
{
    public const string AddressHeader = "X-Test-Client-Address";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:SignInFailuresPerAccount"] = "3", ["RateLimiting:SignInFailuresPerAddress"] = "5",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ClientAddressFilter()));
    }

    /// <summary>Stands in for the connection's remote address, which an in-memory test server does not have.</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Headers.TryGetValue(AddressHeader, out var address))
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                return following(context);
            });
            next(app);
        };
    }
}

public class SignInThrottleTests(SignInThrottleFactory factory) : IClassFixture<SignInThrottleFactory>
{
    private static int _addresses;

    /// <summary>A browser at its own client address, so tests never share an address's failures.</summary>
    private HttpClient BrowserAt(string? address = null)
    {
        var browser = Browser.New(factory);
        browser.DefaultRequestHeaders.Add(SignInThrottleFactory.AddressHeader, address ?? NewAddress());
        return browser;
    }

    private static string NewAddress() => $"10.1.{Interlocked.Increment(ref _addresses) / 250}.{_addresses % 250 + 1}";

    private static async Task<HttpStatusCode> TryAsync(HttpClient browser, string email, string password) =>
        (await browser.SignInAsync(email, password)).StatusCode;

    [Fact]
    public async Task Password_guessing_is_throttled_with_a_page_and_Retry_After()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = BrowserAt();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add(await TryAsync(browser, ws.Owner.Email, "guess-" + i));
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);

        // Locked: even the right password is refused, so the lock reveals nothing.
        var refused = await browser.SignInAsync(ws.Owner.Email, TestData.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("30", refused.Headers.GetValues("Retry-After").Single());
        Assert.StartsWith("text/html", refused.Content.Headers.ContentType!.ToString());
        var page = await refused.Content.ReadAsStringAsync();
        Assert.StartsWith("<!doctype html>", page);
        Assert.Contains("Try again in 30 seconds", Browser.ErrorOf(page));

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Redirect, await TryAsync(browser, ws.Owner.Email, TestData.Password));
    }

    [Fact]
    public async Task One_account_is_locked_whatever_address_the_guesses_come_from()
    {
        var ws = await factory.NewWorkspaceAsync();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync(BrowserAt(), ws.Owner.Email, "guess-" + i));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(BrowserAt(), ws.Owner.Email, TestData.Password));
        // Case and spaces do not make another account.
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(BrowserAt(), " " + ws.Owner.Email.ToUpperInvariant(), "guess"));

        // Another account from the same kind of fresh address is not affected.
        var other = await factory.NewWorkspaceAsync();
        Assert.Equal(HttpStatusCode.Redirect, await TryAsync(BrowserAt(), other.Owner.Email, TestData.Password));
    }

    [Fact]
    public async Task One_address_is_locked_across_many_accounts_known_or_not()
    {
        var ws = await factory.NewWorkspaceAsync();
        var address = NewAddress();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync(BrowserAt(address), $"nobody-{Guid.NewGuid():N}@example.com", "guess"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(BrowserAt(address), ws.Owner.Email, TestData.Password));

        // The account itself is not locked: from another address it signs in.
        Assert.Equal(HttpStatusCode.Redirect, await TryAsync(BrowserAt(), ws.Owner.Email, TestData.Password));
    }

    [Fact]
    public async Task An_IPv6_client_is_counted_by_its_64_bit_prefix()
    {
        var prefix = $"2001:db8:{Interlocked.Increment(ref _addresses):x}:1::";
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync(BrowserAt(prefix + (i + 1)), $"nobody-{Guid.NewGuid():N}@example.com", "guess"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(BrowserAt(prefix + "ffff"), $"nobody-{Guid.NewGuid():N}@example.com", "guess"));
    }

    [Fact]
    public async Task Each_further_failure_doubles_the_lock_up_to_fifteen_minutes()
    {
        var ws = await factory.NewWorkspaceAsync();
        for (var i = 0; i < 2; i++) await TryAsync(BrowserAt(), ws.Owner.Email, "guess");
        var locks = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync(BrowserAt(), ws.Owner.Email, "guess"));
            var refused = await BrowserAt().SignInAsync(ws.Owner.Email, "guess");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var seconds = int.Parse(refused.Headers.GetValues("Retry-After").Single());
            locks.Add(seconds);
            factory.Clock.Advance(TimeSpan.FromSeconds(seconds));
        }
        Assert.Equal([30, 60, 120, 240, 480, 900, 900], locks);
    }

    [Fact]
    public async Task A_successful_sign_in_does_not_count_and_clears_the_accounts_failures()
    {
        var ws = await factory.NewWorkspaceAsync();
        var browser = BrowserAt();
        for (var round = 0; round < 3; round++)
        {
            // Two failures then a success, from fresh addresses: six failures in all, never three in a row.
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync(BrowserAt(), ws.Owner.Email, "guess"));
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync(BrowserAt(), ws.Owner.Email, "guess"));
            Assert.Equal(HttpStatusCode.Redirect, await TryAsync(browser, ws.Owner.Email, TestData.Password));
        }
        // Successes from one address do not count towards its lock either.
        for (var i = 0; i < 6; i++) Assert.Equal(HttpStatusCode.Redirect, await TryAsync(browser, ws.Owner.Email, TestData.Password));
    }

    [Fact]
    public async Task An_unknown_email_takes_as_long_as_a_known_one()
    {
        var ws = await factory.NewWorkspaceAsync();
        // Warm both paths, then compare the medians of interleaved runs. Each known try is a new account's first
        // failure, far from its lock. Without the dummy hash an unknown email answers in a few percent of the time
        // (no key derivation); the bound leaves room for a busy machine.
        await TryAsync(BrowserAt(), ws.Owner.Email, "guess");
        await TryAsync(BrowserAt(), "nobody@example.com", "guess");
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            known.Add(await TimeAsync((await ws.AddMemberAsync("Regular User")).Email));
            unknown.Add(await TimeAsync($"nobody-{Guid.NewGuid():N}@example.com"));
        }
        Assert.True(Median(unknown) > Median(known) * 0.3, $"known {Median(known):F1} ms, unknown {Median(unknown):F1} ms");

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

        async Task<double> TimeAsync(string email)
        {
            var browser = BrowserAt();
            var form = Forms.Fields(await browser.GetStringAsync("/account/login"));
            form["email"] = email;
            form["password"] = "guess";
            var watch = Stopwatch.StartNew();
            var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(form));
            watch.Stop();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return watch.Elapsed.TotalMilliseconds;
        }
    }

    [RedisFact]
    public async Task With_redis_a_lock_holds_in_every_process()
    {
        var ws = await factory.NewWorkspaceAsync();
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = factory.ConnectionString,
            ["RateLimiting:SignInFailuresPerAccount"] = "2",
            ["Redis:ConnectionString"] = RedisFactAttribute.Server,
            ["Redis:InstanceName"] = $"tracker-test-{Guid.NewGuid():N}:",
        };
        using var first = new PeerFactory(shared);
        using var second = new PeerFactory(shared);
        Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync(Browser.New(first), ws.Owner.Email, "guess"));
        Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync(Browser.New(second), ws.Owner.Email, "guess"));
        var refused = await Browser.New(first).SignInAsync(ws.Owner.Email, TestData.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 30);
    }
}
