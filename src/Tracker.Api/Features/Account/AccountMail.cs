using Microsoft.EntityFrameworkCore;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Email;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Account;

/// <summary>The emails a person receives about their account: an invitation and a password reset.</summary>
public static class AccountMail
{
    /// <summary>An invitation's link, on <see cref="PublicUrl"/>: never a host the request named.</summary>
    public static string InvitationLink(IConfiguration config, string token) => $"{PublicUrl.Base(config)}/invitations/{token}";

    /// <summary>Called by POST /members and POST /project-viewers after the save; the link is also in their answer.</summary>
    public static async Task QueueInvitationAsync(HttpContext context, long workspaceId, string email, string role, string token,
        CancellationToken ct)
    {
        var services = context.RequestServices;
        var link = InvitationLink(services.GetRequiredService<IConfiguration>(), token);
        var workspace = await services.GetRequiredService<TrackerDbContext>().Workspaces.AsNoTracking()
            .Where(w => w.Id == workspaceId).Select(w => w.Name).FirstAsync(ct);
        services.GetRequiredService<Mailer>().Queue(email, $"You are invited to {workspace} on Tracker", $"""
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
