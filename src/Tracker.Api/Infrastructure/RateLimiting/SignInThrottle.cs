using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Tracker.Api.Infrastructure.RateLimiting;

/// <summary>
/// Password guessing is slow, per account (normalized email, known or not) and per client address. After
/// RateLimiting:SignInFailuresPerAccount failures (default 5) the account is locked for 30 s, and each further failure
/// doubles the lock, up to 15 minutes. An address gets RateLimiting:SignInFailuresPerAddress (default 20: an office
/// shares one) before the same back-off; an IPv6 address counts by its /64, which one client usually holds whole.
/// Failures are remembered for a day per account and an hour per address. A successful sign-in does not count and
/// clears the account's failures, not the address's: signing in to one's own account must not wash away an
/// address's guesses at others. Counted in the <see cref="IRateLimitStore"/>, so with Redis every process sees the
/// same locks; if that store is down, sign-in goes on unthrottled (as the API limit does) and a warning says so.
/// </summary>
public sealed class SignInThrottle(IRateLimitStore store, IConfiguration config, ILogger<SignInThrottle> logger)
{
    private static readonly TimeSpan FirstLock = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestLock = TimeSpan.FromMinutes(15);

    private readonly Rule _perAccount = new(config.GetValue("RateLimiting:SignInFailuresPerAccount", 5), TimeSpan.FromDays(1));
    private readonly Rule _perAddress = new(config.GetValue("RateLimiting:SignInFailuresPerAddress", 20), TimeSpan.FromHours(1));

    private sealed record Rule(int FreeFailures, TimeSpan Memory);

    /// <summary>How long sign-in stays refused for this account or address; zero when it may be tried.</summary>
    public Task<TimeSpan> LockedForAsync(string normalizedEmail, IPAddress? address, CancellationToken ct) => GuardAsync(async () =>
    {
        var account = await store.RemainingAsync(LockKey(AccountKey(normalizedEmail)), ct);
        var client = await store.RemainingAsync(LockKey(AddressKey(address)), ct);
        return account > client ? account : client;
    }, TimeSpan.Zero);

    public Task FailedAsync(string normalizedEmail, IPAddress? address, CancellationToken ct) => GuardAsync(async () =>
    {
        await CountAsync(AccountKey(normalizedEmail), _perAccount, ct);
        await CountAsync(AddressKey(address), _perAddress, ct);
        return true;
    }, false);

    public Task SucceededAsync(string normalizedEmail, CancellationToken ct) => GuardAsync(async () =>
    {
        await store.ResetAsync(FailuresKey(AccountKey(normalizedEmail)), ct);
        return true;
    }, false);

    private async Task CountAsync(string key, Rule rule, CancellationToken ct)
    {
        var failures = (await store.IncrementAsync(FailuresKey(key), rule.Memory, ct)).Count;
        if (failures < rule.FreeFailures) return;
        var doublings = (int)Math.Min(failures - rule.FreeFailures, 10);
        var lockFor = TimeSpan.FromTicks(Math.Min(FirstLock.Ticks << doublings, LongestLock.Ticks));
        // A fresh window per lock: the store's windows never grow, so the old one ends first.
        await store.ResetAsync(LockKey(key), ct);
        await store.IncrementAsync(LockKey(key), lockFor, ct);
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> action, T whenStoreIsDown)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Rate-limit store unavailable; sign-in not throttled.");
            return whenStoreIsDown;
        }
    }

    private static string AccountKey(string normalizedEmail) => "account:" + normalizedEmail;

    private static string AddressKey(IPAddress? address)
    {
        if (address is null) return "address:unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return "address:" + address;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"address:{new IPAddress(bytes)}/64";
    }

    private static string FailuresKey(string key) => "sign-in-failures:" + key;
    private static string LockKey(string key) => "sign-in-lock:" + key;
}
