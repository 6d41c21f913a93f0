using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Cli;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Seeding;

/// <summary>
/// On first start with an empty database: a demo workspace with an owner, two members and a project, and a
/// personal access token for the owner (TRACKER_SEED_OWNER_TOKEN when set, random otherwise), printed once when
/// the server listens (<see cref="Welcome"/>).
/// </summary>
public static partial class DemoSeeder
{
    public const string OwnerEmail = "owner@demo.tracker";
    public const string OwnerPassword = "tracker-demo";
    private const string TokenVariable = "TRACKER_SEED_OWNER_TOKEN";

    /// <summary>What a first start made; null when the database already had users.</summary>
    public sealed record Seeded(long WorkspaceId, string Token);

    /// <summary>
    /// The owner token chosen in TRACKER_SEED_OWNER_TOKEN or Seed:OwnerToken, null for a random one. A token without
    /// the PAT prefix would be stored and never work (the API reads only trk_pat_ bearers as PATs), so it is a
    /// <see cref="StartupException"/>, checked before anything opens the database.
    /// </summary>
    public static string? ChosenToken(IConfiguration config)
    {
        if (!config.GetValue("Seed:Enabled", true)) return null;
        var fromEnvironment = Environment.GetEnvironmentVariable(TokenVariable);
        var token = string.IsNullOrWhiteSpace(fromEnvironment) ? config["Seed:OwnerToken"] : fromEnvironment;
        if (string.IsNullOrWhiteSpace(token)) return null;
        if (!TokenRule().IsMatch(token))
            throw new StartupException(
                $"{(string.IsNullOrWhiteSpace(fromEnvironment) ? "Seed:OwnerToken" : TokenVariable)} must be {PersonalAccessTokens.Prefix} followed by letters, digits, '_' or '-' (e.g. {PersonalAccessTokens.Prefix}demo).");
        return token;
    }

    [GeneratedRegex("^trk_pat_[A-Za-z0-9_-]+$")]
    private static partial Regex TokenRule();

    public static async Task<Seeded?> SeedAsync(IServiceProvider services, IConfiguration config, ILogger logger, CancellationToken ct = default)
    {
        if (!config.GetValue("Seed:Enabled", true)) return null;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
        if (await db.Users.AnyAsync(ct)) return null;

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        User NewUser(string email, string first, string last, string tz) =>
            new() { Email = email, NormalizedEmail = email, FirstName = first, LastName = last, Timezone = tz, CreatedAt = now, UpdatedAt = now };

        var owner = NewUser(OwnerEmail, "Olivia", "Owner", "Europe/Berlin");
        Passwords.Set(owner, OwnerPassword);
        var manager = NewUser("manager@demo.tracker", "Mark", "Manager", "America/New_York");
        var employee = NewUser("employee@demo.tracker", "Emma", "Employee", "Asia/Tokyo");
        db.Users.AddRange(owner, manager, employee);
        await db.SaveChangesAsync(ct);

        var workspace = NewWorkspace.Create("Demo Workspace", owner.Id, now);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(ct);
        Member Membership(User u, string role) => new()
        {
            WorkspaceId = workspace.Id, UserId = u.Id, Role = role, Status = MemberStatuses.Active,
            RateStatus = role == Roles.Owner ? 1 : 0, CreatedAt = now,
        };
        db.Members.AddRange(Membership(owner, Roles.Owner), Membership(manager, Roles.ExecutiveManager), Membership(employee, Roles.RegularUser));
        var project = new Project { WorkspaceId = workspace.Id, Name = "Website Redesign", CreatedAt = now, WeeklyHoursLimit = 168 };
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        // The owner is on the project, so the web app's timer has something to start on a fresh demo.
        db.Contracts.Add(new Contract
        {
            WorkspaceId = workspace.Id, ProjectId = project.Id, UserId = owner.Id, UserRole = Roles.Owner, WeeklyHoursLimit = 168,
            Screenshots = ScreenshotModes.Full, Currency = Currencies.Default, Status = ContractStatuses.Active, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);

        var (_, token) = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokens>()
            .CreateAsync(owner.Id, "Demo token", ChosenToken(config), ct);
        logger.LogInformation("Seeded the demo workspace (id {WorkspaceId}).", workspace.Id);
        return new Seeded(workspace.Id, token);
    }

    /// <summary>
    /// Once the server listens, at the address it really bound: the demo workspace and its token after a first start,
    /// or one line on how to get a token. Written to the console, not the log, so the token never lands in log files.
    /// </summary>
    public static void Welcome(Seeded? seeded, string address, TextWriter console)
    {
        const string command = "dotnet run --project src/Tracker.Api -- token create --email " + OwnerEmail;
        if (seeded is null)
        {
            console.WriteLine($"Tracker listens on {address}. For an API token sign in at {address}/app/settings, or run `token create --email EMAIL` (e.g. {command}).");
            return;
        }
        console.WriteLine($"""

            ==== Tracker demo workspace ready ====
            Listening    : {address}
            Workspace id : {seeded.WorkspaceId}
            Sign in      : {address}/account/login as {OwnerEmail} / {OwnerPassword}
            Owner token  : {seeded.Token}
            Try it       : curl -H "Authorization: Bearer {seeded.Token}" {address}/api/v2/workspaces
            (This token is shown once. Make more at {address}/app/settings or with: {command})

            """);
    }
}
