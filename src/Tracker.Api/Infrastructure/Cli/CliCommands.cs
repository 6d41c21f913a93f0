using Microsoft.EntityFrameworkCore;
using Tracker.Api.Features.Account;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Cli;

/// <summary>
/// Administrative subcommands, run instead of the server:
///   token create --email E [--name N]
///   oauth-client create --email E --name N (--redirect-uri URI | --client-credentials)
/// </summary>
public static class CliCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.Length < 2 || args[0].StartsWith('-')) return false;
        var command = $"{args[0]} {args[1]}";
        if (command is not ("token create" or "oauth-client create")) return false;

        await DatabaseSetup.MigrateAsync(app.Services);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var email = Option(args, "--email")?.ToLowerInvariant();
        var user = email is null ? null : await services.GetRequiredService<TrackerDbContext>().Users.FirstOrDefaultAsync(u => u.NormalizedEmail == email);
        if (user is null)
        {
            await Console.Error.WriteLineAsync("No user with that --email.");
            Environment.ExitCode = 2;
            return true;
        }

        if (command == "token create")
        {
            var (token, plain) = await services.GetRequiredService<PersonalAccessTokens>().CreateAsync(user.Id, Option(args, "--name") ?? "CLI token");
            Console.WriteLine($"Personal access token for {user.Email} (expires {token.ExpiresAt:yyyy-MM-dd}), shown once:\n{plain}");
            return true;
        }

        var name = Option(args, "--name") ?? "CLI app";
        var redirect = Option(args, "--redirect-uri");
        var clientCredentials = args.Contains("--client-credentials");
        if (!clientCredentials && !Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            await Console.Error.WriteLineAsync("Give --redirect-uri (absolute URL) or --client-credentials.");
            Environment.ExitCode = 2;
            return true;
        }
        var (clientId, secret) = await services.GetRequiredService<OAuthClients>().CreateAsync(user.Id, name, redirect, clientCredentials, default);
        Console.WriteLine($"client_id={clientId}\nclient_secret={secret}   (shown once)");
        return true;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
