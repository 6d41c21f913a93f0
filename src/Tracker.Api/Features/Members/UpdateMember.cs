using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

public sealed record UpdateMemberRequest(
    string? Email, string? Firstname, string? Lastname, string? Timezone, string? Role,
    int? RateStatus, int? WeeklyHoursLimit, int? RemoveAvatar);

/// <summary>PUT /members/{memberId}: partial update by Owners and Executive managers. The Owner's role is fixed.</summary>
public static class UpdateMember
{
    public static async Task<EnvelopeResult<MemberResponse>> HandleAsync(
        long memberId, UpdateMemberRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        CancellationToken ct)
    {
        scope.RequireAdmin();
        var request = body ?? new UpdateMemberRequest(null, null, null, null, null, null, null, null);
        var v = new Validator()
            .Email("email", request.Email).MaxLength("email", request.Email, 254)
            .MaxLength("firstname", request.Firstname, 100).MaxLength("lastname", request.Lastname, 100)
            .TimeZone("timezone", request.Timezone)
            .OneOf("role", request.Role, Roles.Assignable)
            .OneOf("rate_status", request.RateStatus, [0, 1])
            .Range("weekly_hours_limit", request.WeeklyHoursLimit, 0, 168)
            .OneOf("remove_avatar", request.RemoveAvatar, [0, 1]);
        if (request.Firstname is { } f && string.IsNullOrWhiteSpace(f)) v.Add("firstname", "The firstname field must not be empty.");
        if (request.Lastname is { } l && string.IsNullOrWhiteSpace(l)) v.Add("lastname", "The lastname field must not be empty.");
        v.ThrowIfInvalid();

        var member = await db.FindForUpdateAsync(scope, memberId, ct);
        if (member.DeletedAt is not null) throw ApiException.NotFound("Member");
        if (request.Role is not null && member.Role == Roles.Owner)
            throw ApiException.BadRequest("The workspace owner's role cannot be changed.");
        if (request.Role is not null && scope.Role != Roles.Owner && Roles.Canonical(request.Role, Roles.Assignable) == Roles.ExecutiveManager
            && member.Role != Roles.ExecutiveManager)
            throw ApiException.Forbidden("Only the workspace owner can make someone an Executive manager.");

        var user = member.User;
        if (request.Email is not null)
        {
            var normalized = request.Email.Trim().ToLowerInvariant();
            if (normalized != user.NormalizedEmail && await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
                throw ApiException.Invalid("email", "The email has already been taken.");
            user.Email = request.Email.Trim();
            user.NormalizedEmail = normalized;
        }
        if (request.Firstname is not null) user.FirstName = request.Firstname.Trim();
        if (request.Lastname is not null) user.LastName = request.Lastname.Trim();
        if (request.Timezone is not null) user.Timezone = request.Timezone;
        if (request.RemoveAvatar == 1) user.Avatar = null;
        if (request.Role is not null) member.Role = Roles.Canonical(request.Role, Roles.Assignable)!;
        if (request.RateStatus is not null) member.RateStatus = request.RateStatus.Value;
        if (request.WeeklyHoursLimit is not null) member.WeeklyHoursLimit = request.WeeklyHoursLimit;
        var now = clock.GetUtcNow().UtcDateTime;
        member.UpdatedAt = now;
        user.UpdatedAt = now;

        outbox.Record(scope.WorkspaceId, "member.updated", new { user_id = member.UserId, role = member.Role });
        await db.SaveChangesOrConflictAsync("The member was changed by a concurrent request.", ct);

        var response = await db.Members.AsNoTracking().Where(m => m.Id == member.Id)
            .Select(MemberResponse.Projection(scope.CanSeeRates)).FirstAsync(ct);
        return ApiResults.Ok(response, "Member updated successfully");
    }
}
