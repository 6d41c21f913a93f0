using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using static Tracker.Api.Features.Account.HtmlPage;

namespace Tracker.Api.Features.Account;

/// <summary>The invitation link from POST /members: the invitee sets a password (if new) and the membership turns active.</summary>
public static class InvitationPages
{
    public static string LinkFor(HttpRequest request, string token)
    {
        var publicUrl = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["App:PublicUrl"];
        var baseUrl = string.IsNullOrEmpty(publicUrl) ? $"{request.Scheme}://{request.Host}" : publicUrl.TrimEnd('/');
        return $"{baseUrl}/invitations/{token}";
    }

    public static IEndpointRouteBuilder MapInvitationPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/invitations/{token}", ShowAsync).ExcludeFromDescription();
        app.MapPost("/invitations/{token}", AcceptAsync).ExcludeFromDescription();
        return app;
    }

    private static Task<Member?> FindAsync(TrackerDbContext db, string token, CancellationToken ct)
    {
        var hash = PersonalAccessTokens.Hash(token);
        return db.Members.Include(m => m.User).Include(m => m.Workspace)
            .FirstOrDefaultAsync(m => m.InvitationTokenHash == hash && m.DeletedAt == null, ct);
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext context, TrackerDbContext db, CancellationToken ct)
    {
        var member = await FindAsync(db, token, ct);
        if (member is null) return Render(context, "Invitation", "<p class=\"error\">This invitation is no longer valid.</p>", 404);
        var password = member.User.PasswordHash is null
            ? "<label>Choose a password (at least 10 characters) <input name=\"password\" type=\"password\" minlength=\"10\" required></label>"
            : "<p>You already have an account; accepting adds this workspace to it.</p>";
        return Render(context, "Join " + member.Workspace.Name, $"""
            <p>{E(member.User.Email)} was invited as <b>{E(member.Role)}</b>.</p>
            <form method="post">{Antiforgery(context)}{password}<p><button>Accept invitation</button></p></form>
            """);
    }

    private static async Task<IResult> AcceptAsync(string token, [FromForm] string? password, HttpContext context,
        TrackerDbContext db, TimeProvider clock, Outbox outbox, CancellationToken ct)
    {
        var member = await FindAsync(db, token, ct);
        if (member is null) return Render(context, "Invitation", "<p class=\"error\">This invitation is no longer valid.</p>", 404);
        var user = member.User;
        if (user.PasswordHash is null)
        {
            if (password is null || password.Length < 10)
                return Render(context, "Invitation", "<p class=\"error\">The password needs at least 10 characters.</p>", 422);
            user.PasswordHash = new PasswordHasher<User>().HashPassword(user, password);
        }
        member.Status = MemberStatuses.Active;
        member.InvitationTokenHash = null;
        member.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        outbox.Record(member.WorkspaceId, "member.activated", new { user_id = member.UserId });
        await db.SaveChangesAsync(ct);
        await AccountPages.SignInAsync(context, user);
        return Results.Redirect("/settings/rest-api");
    }
}
