using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Cli;

/// <summary>user set-password: for servers without mail, where "Forgot password?" cannot reach anyone.</summary>
internal static class UserCommands
{
    /// <summary>The password comes from standard input, never an argument: arguments show in process lists and shell history.</summary>
    public static async Task<int> SetPasswordAsync(IServiceProvider services, string[] args, CliConsole console)
    {
        if (await CliCommands.FindUserAsync(services, CliCommands.Option(args, "--email")) is not { } user)
            return await CliCommands.FailAsync(console, "No user with that --email.");
        var password = await console.In.ReadLineAsync();
        if (!Passwords.IsLongEnough(password))
            return await CliCommands.FailAsync(console, $"Type the new password on standard input: at least {Passwords.MinLength} characters.");
        Passwords.Set(user, password!);
        user.UpdatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await services.GetRequiredService<TrackerDbContext>().SaveChangesAsync();
        await services.GetRequiredService<Auth.PersonalAccessTokens>().RevokeWebSessionsAsync(user.Id);
        await console.Out.WriteLineAsync($"Password set for {user.Email}. Their browser sessions were signed out.");
        return 0;
    }
}
