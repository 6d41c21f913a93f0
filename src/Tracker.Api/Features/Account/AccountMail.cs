using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Email;

namespace Tracker.Api.Features.Account;

/// <summary>The emails a person receives about their account: an invitation and a password reset.</summary>
public static class AccountMail
{
    /// <summary>
    /// Called after the save by POST /members, POST /project-viewers and a viewer's restore, with the link
    /// <see cref="Features.Members.Invitations"/> issued; the link is also in their answer.
    /// </summary>
    public static async Task QueueInvitationAsync(TrackerDbContext db, Mailer mailer, long workspaceId, string email, string role, string link,
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

    public static void QueuePasswordReset(Mailer mailer, string email, string link) =>
        mailer.Queue(email, "Reset your Tracker password", $"""
            Someone asked to reset the password of the Tracker account {email}.

            To choose a new password, open this link within one hour. It works once:
            {link}

            Resetting the password signs the account out everywhere and revokes its personal access tokens and OAuth
            access. If you did not ask for this, ignore this email: the password stays as it is.
            """);
}
