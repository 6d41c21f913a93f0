using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Seeding;

/// <summary>
/// On first start with an empty database: a demo workspace with an owner, two members and a project, and a
/// personal access token for the owner (TRACKER_SEED_OWNER_TOKEN when set, random otherwise), printed once.
/// </summary>
public static class DemoSeeder
{
    public const string OwnerEmail = "owner@demo.tracker";
    public const string OwnerPassword = "tracker-demo";

    public static async Task SeedAsync(IServiceProvider services, IConfiguration config, ILogger logger, CancellationToken ct = default)
    {
        if (!config.GetValue("Seed:Enabled", true)) return;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
        if (await db.Users.AnyAsync(ct)) return;

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
            RateStatus = role == Roles.Owner ? 1 : 0, CreatedAt = now, UpdatedAt = now,
        };
        db.Members.AddRange(Membership(owner, Roles.Owner), Membership(manager, Roles.ExecutiveManager), Membership(employee, Roles.RegularUser));
        db.Projects.Add(new Project { WorkspaceId = workspace.Id, Name = "Website Redesign", CreatedAt = now, UpdatedAt = now, WeeklyHoursLimit = 168 });
        await db.SaveChangesAsync(ct);

        var fixedToken = Environment.GetEnvironmentVariable("TRACKER_SEED_OWNER_TOKEN") ?? config["Seed:OwnerToken"];
        var (_, token) = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokens>()
            .CreateAsync(owner.Id, "Demo token", string.IsNullOrWhiteSpace(fixedToken) ? null : fixedToken, ct);

        logger.LogInformation("Seeded the demo workspace (id {WorkspaceId}).", workspace.Id);
        // Printed to the console, not the log, so the token never lands in log files.
        Console.WriteLine($"""

            ==== Tracker demo workspace ready ====
            Workspace id : {workspace.Id}
            Sign in      : /account/login as {OwnerEmail} / {OwnerPassword}
            Owner token  : {token}
            Try it       : curl -H "Authorization: Bearer {token}" http://localhost:5080/api/v2/workspaces
            (This token is shown once. Make more at /settings/rest-api or with: dotnet run --project src/Tracker.Api -- token create --email {OwnerEmail})

            """);
    }
}
