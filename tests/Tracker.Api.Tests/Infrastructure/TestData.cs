using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;

namespace Tracker.Api.Tests.Infrastructure;

/// <summary>A user with a membership and a ready HTTP client carrying their personal access token.</summary>
public sealed record TestUser(long Id, string Email, string Token, HttpClient Client, string Role);

/// <summary>A workspace with its owner. Every test makes its own, so tests never see each other's rows.</summary>
public sealed class TestWorkspace(TrackerFactory factory, long id, TestUser owner)
{
    public long Id { get; } = id;
    public TestUser Owner { get; } = owner;
    public TrackerFactory Factory { get; } = factory;

    /// <summary>Adds an active member with <paramref name="role"/> (rate_status 1 when <paramref name="canSeeRates"/>).</summary>
    public Task<TestUser> AddMemberAsync(string role, bool canSeeRates = false, string? timezone = null) =>
        TestData.AddUserAsync(Factory, Id, role, canSeeRates, timezone);

    /// <summary>
    /// Makes an existing user (from another workspace) an active member here too: the shared-account case. The
    /// returned client is the user's own, so both workspaces see one account.
    /// </summary>
    public async Task<TestUser> AddExistingUserAsync(TestUser user, string role, bool canSeeRates = false)
    {
        await TestData.AddMembershipAsync(Factory, Id, user.Id, role, canSeeRates);
        return user with { Role = role };
    }

    /// <summary>"?workspace_id=N" — append to API paths.</summary>
    public string Q => $"workspace_id={Id}";
}

public static class TestData
{
    public const string Password = "correct-horse-battery";
    /// <summary>Hashed once: a PBKDF2 hash costs tens of milliseconds, and every test user has this one password.</summary>
    private static readonly string PasswordHash = new PasswordHasher<User>().HashPassword(null!, Password);

    public static async Task<TestWorkspace> NewWorkspaceAsync(this TrackerFactory factory, string? ownerTimezone = "UTC")
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var owner = NewUser(now, ownerTimezone);
        db.Users.Add(owner);
        await db.SaveChangesAsync();
        var workspace = new Workspace { Name = "Workspace " + owner.Id, OwnerId = owner.Id, CreatedAt = now, ActivatedAt = now };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        db.Members.Add(NewMember(workspace.Id, owner.Id, Roles.Owner, true, now));
        await db.SaveChangesAsync();
        var token = await TokenForAsync(factory, owner.Id);
        return new TestWorkspace(factory, workspace.Id, new TestUser(owner.Id, owner.Email, token, factory.ClientWith(token), Roles.Owner));
    }

    public static async Task<TestUser> AddUserAsync(TrackerFactory factory, long workspaceId, string role, bool canSeeRates, string? timezone)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var user = NewUser(now, timezone ?? "UTC");
        db.Users.Add(user);
        await db.SaveChangesAsync();
        db.Members.Add(NewMember(workspaceId, user.Id, role, canSeeRates, now));
        await db.SaveChangesAsync();
        var token = await TokenForAsync(factory, user.Id);
        return new TestUser(user.Id, user.Email, token, factory.ClientWith(token), role);
    }

    public static async Task AddMembershipAsync(TrackerFactory factory, long workspaceId, long userId, string role, bool canSeeRates)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        db.Members.Add(NewMember(workspaceId, userId, role, canSeeRates, factory.Clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
    }

    public static async Task<string> TokenForAsync(TrackerFactory factory, long userId)
    {
        await using var scope = factory.Scope();
        var (_, plain) = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokens>().CreateAsync(userId, "test");
        return plain;
    }

    public static HttpClient ClientWith(this TrackerFactory factory, string? token)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = factory.BaseAddress });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static User NewUser(DateTime now, string? timezone)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var user = new User
        {
            Email = email, NormalizedEmail = email, FirstName = "Test", LastName = "User", Timezone = timezone,
            CreatedAt = now, UpdatedAt = now, PasswordHash = PasswordHash,
        };
        return user;
    }

    private static Member NewMember(long workspaceId, long userId, string role, bool canSeeRates, DateTime now) => new()
    {
        WorkspaceId = workspaceId, UserId = userId, Role = role, Status = MemberStatuses.Active,
        RateStatus = canSeeRates || role == Roles.Owner ? 1 : 0, CreatedAt = now, UpdatedAt = now,
    };
}
