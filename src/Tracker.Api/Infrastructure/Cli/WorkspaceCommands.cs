using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Cli;

/// <summary>workspace create: how a server operator opens a workspace for a team.</summary>
internal static class WorkspaceCommands
{
    /// <summary>
    /// An existing account with a password becomes the active Owner at once (it signs in as itself). Any other owner
    /// (a new account, or one without a password) gets a pending Owner membership and an invitation, made by the
    /// same code as POST /members, so accepting it follows the same rules.
    /// </summary>
    public static async Task<int> CreateAsync(IServiceProvider services, string[] args, CliConsole console)
    {
        var name = CliCommands.Option(args, "--name");
        var email = CliCommands.Option(args, "--owner-email")?.Trim();
        var error = AccountFields.TextError("--name", name, NewWorkspace.MaxNameLength)
            ?? (email is not null && Validator.IsEmail(email) ? null : "Give --owner-email, a valid email address.");
        if (error is not null) return await CliCommands.FailAsync(console, error);

        var db = services.GetRequiredService<TrackerDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var baseUrl = PublicUrl.Base(services.GetRequiredService<IConfiguration>());
        var existing = await CliCommands.FindUserAsync(services, email);

        await using var transaction = await db.Database.BeginTransactionAsync();
        var workspace = db.Workspaces.Add(NewWorkspace.Create(name!, existing?.Id ?? 0, now)).Entity;
        await db.SaveChangesAsync();
        if (existing?.PasswordHash is not null)
        {
            db.Members.Add(NewWorkspace.ActiveOwner(workspace.Id, existing.Id, now));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            await console.Out.WriteLineAsync(
                $"Workspace \"{workspace.Name}\" (id {workspace.Id}) created. Its Owner, {existing.Email}, can sign in at {baseUrl}/account/login.");
            return 0;
        }

        var (owner, _, link) = await services.GetRequiredService<Invitations>().PrepareAsync(db, workspace.Id, email!, CliCommands.Option(args, "--first-name") ?? email!.Split('@')[0], CliCommands.Option(args, "--last-name") ?? "",
            Roles.Owner, now, default);
        await db.SaveChangesAsync();
        workspace.OwnerId = owner.Id;
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await console.Out.WriteLineAsync(
            $"Workspace \"{workspace.Name}\" (id {workspace.Id}) created. Send its Owner, {owner.Email}, this invitation link (shown once):\n" +
            link);
        return 0;
    }
}
