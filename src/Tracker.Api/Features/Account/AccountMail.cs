using Tracker.Api.Infrastructure.Email;

namespace Tracker.Api.Features.Account;

/// <summary>The email a person receives about their account: a password reset. (Invitations send their own.)</summary>
public static class AccountMail
{
    public static void QueuePasswordReset(Mailer mailer, string email, string link) =>
        mailer.Queue(email, "Reset your Tracker password", $"""
            Someone asked to reset the password of the Tracker account {email}.

            To choose a new password, open this link within one hour. It works once:
            {link}

            Resetting the password signs the account out everywhere and revokes its personal access tokens and OAuth
            access. If you did not ask for this, ignore this email: the password stays as it is.
            """);
}
