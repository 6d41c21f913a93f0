using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Email;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Domain;

/// <summary>The <c>Invitations</c> configuration section.</summary>
public sealed class InvitationOptions
{
    /// <summary>How long an invitation link works.</summary>
    public int LifetimeDays { get; set; } = 7;
}

/// <summary>
/// Issues invitation links (POST /members, POST /project-viewers, a viewer's restore and the CLI's workspace create);
/// InvitationPages accepts them.
/// </summary>
public sealed class Invitations(IOptions<InvitationOptions> options, IConfiguration config)
{
    /// <summary>Starts a fresh invitation on <paramref name="member"/> and returns its link, the only place the secret token is.</summary>
    public string Issue(Member member, string firstName, string lastName, DateTime now)
    {
        var token = SecretTokens.New(20);
        member.Invite(SecretTokens.Hash(token), firstName, lastName, now, TimeSpan.FromDays(options.Value.LifetimeDays));
        return LinkFor(config, token);
    }

    public static string LinkFor(IConfiguration config, string token) => $"{PublicUrl.Base(config)}/invitations/{token}";

    /// <summary>
    /// Finds or creates the user by email and (re)creates their membership as invited ("inactive", fresh link). An
    /// existing account is never changed: what the inviter sent is kept on the membership. 422 when they are a live
    /// member already or hold an invitation that still works. The caller saves.
    /// </summary>
    public async Task<(User User, Member Member, string Link)> PrepareAsync(
        TrackerDbContext db, long workspaceId, string rawEmail, string rawFirstname, string rawLastname, string role, DateTime now,
        CancellationToken ct)
    {
        var (email, firstname, lastname) = (rawEmail.Trim(), rawFirstname.Trim(), rawLastname.Trim());
        var normalized = email.ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null)
        {
            user = new User
            {
                Email = email, NormalizedEmail = normalized, FirstName = firstname, LastName = lastname, CreatedAt = now, UpdatedAt = now,
            };
            db.Users.Add(user);
        }

        var member = user.Id == 0 ? null
            : await db.Members.FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == user.Id, ct);
        if (member is { DeletedAt: null } && !(member.AwaitsAcceptance && member.InvitationExpiresAt <= now))
            throw ApiException.Invalid("email", member.AwaitsAcceptance
                ? "This email has an invitation to this workspace that has not expired yet."
                : "The email has already been taken in this workspace.");

        if (member is null)
        {
            member = new Member { WorkspaceId = workspaceId, User = user, Role = "", Status = "", CreatedAt = now };
            db.Members.Add(member);
        }
        member.Role = role;
        var link = Issue(member, firstname, lastname, now);
        return (user, member, link);
    }

    /// <summary>The invitation email, queued after the save with the link <see cref="Issue"/> made; the link is also in the answer.</summary>
    public static async Task QueueMailAsync(TrackerDbContext db, Mailer mailer, long workspaceId, string email, string role, string link,
        CancellationToken ct)
    {
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Name).FirstAsync(ct);
        mailer.Queue(email, $"You are invited to {workspace} on Tracker", $"""
            You are invited to the workspace "{workspace}" on Tracker, as {role}.

            Open this link to accept the invitation:
            {link}

            If you did not expect this invitation, ignore this email.
            """);
    }
}

public static class InvitationSetup
{
    public static IServiceCollection AddInvitations(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<InvitationOptions>().Bind(config.GetSection("Invitations"))
            .Validate(o => o.LifetimeDays is >= 1 and <= 365, "Invitations:LifetimeDays must be between 1 and 365.")
            .ValidateOnStart();
        return services.AddSingleton<Invitations>();
    }
}
