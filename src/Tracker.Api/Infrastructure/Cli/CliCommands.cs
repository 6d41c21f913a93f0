using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using static System.FormattableString;

namespace Tracker.Api.Infrastructure.Cli;

/// <summary>The streams a command reads and writes; the console when run, strings in tests.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error);

/// <summary>
/// Administrative subcommands, run instead of the server (<see cref="CommandLine"/> finds them). Exit code 0 on
/// success, 2 with a message otherwise. Their options: <see cref="CommandLine.Usage"/>.
/// </summary>
public static class CliCommands
{
    public const int Failed = 2;

    /// <summary>Runs the command <see cref="CommandLine.CommandOf"/> found, on a reachable, migrated database.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await DatabaseSetup.EnsureReachableAsync(app.Services);
        await DatabaseSetup.MigrateAsync(app.Services);
        return await RunAsync(app.Services, args, new CliConsole(Console.In, Console.Out, Console.Error));
    }

    /// <summary>Runs one command against a migrated database; the exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider root, string[] args, CliConsole console)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        return CommandLine.CommandOf(args) switch
        {
            "token create" => await TokenCreateAsync(services, args, console),
            "oauth-client create" => await OAuthClientCreateAsync(services, args, console),
            "workspace create" => await WorkspaceCommands.CreateAsync(services, args, console),
            "user set-password" => await UserCommands.SetPasswordAsync(services, args, console),
            _ => await FailAsync(console, "Unknown command."),
        };
    }

    private static async Task<int> TokenCreateAsync(IServiceProvider services, string[] args, CliConsole console)
    {
        if (await FindUserAsync(services, Option(args, "--email")) is not { } user) return await FailAsync(console, "No user with that --email.");
        var (token, plain) = await services.GetRequiredService<PersonalAccessTokens>().CreateAsync(user.Id, Option(args, "--name") ?? "CLI token");
        await console.Out.WriteLineAsync(Invariant($"Personal access token for {user.Email} (expires {token.ExpiresAt:yyyy-MM-dd}), shown once:\n{plain}"));
        return 0;
    }

    private static async Task<int> OAuthClientCreateAsync(IServiceProvider services, string[] args, CliConsole console)
    {
        if (await FindUserAsync(services, Option(args, "--email")) is not { } user) return await FailAsync(console, "No user with that --email.");
        var name = Option(args, "--name") ?? "CLI app";
        var redirect = Option(args, "--redirect-uri");
        var clientCredentials = args.Contains("--client-credentials");
        if (!clientCredentials && !Uri.TryCreate(redirect, UriKind.Absolute, out _))
            return await FailAsync(console, "Give --redirect-uri (absolute URL) or --client-credentials.");
        var (clientId, secret) = await services.GetRequiredService<OAuthClients>().CreateAsync(user.Id, name, redirect, clientCredentials, default);
        await console.Out.WriteLineAsync($"client_id={clientId}\nclient_secret={secret}   (shown once)");
        return 0;
    }

    /// <summary>The (tracked) user with that email, or null.</summary>
    internal static async Task<User?> FindUserAsync(IServiceProvider services, string? email)
    {
        var normalized = email?.Trim().ToLowerInvariant();
        return normalized is null ? null
            : await services.GetRequiredService<TrackerDbContext>().Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized);
    }

    internal static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static async Task<int> FailAsync(CliConsole console, string message)
    {
        await console.Error.WriteLineAsync(message);
        return Failed;
    }
}
