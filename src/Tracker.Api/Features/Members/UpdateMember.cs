using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

public sealed record UpdateMemberRequest(
    string? Email, string? Firstname, string? Lastname, string? Timezone, string? Role,
    int? RateStatus, int? WeeklyHoursLimit, int? RemoveAvatar);

/// <summary>
/// PUT /members/{memberId}: partial update by Owners and Executive managers, under <see cref="MemberRules"/>. The
/// account fields (email, names, time zone, avatar) change the account itself, shared by all its workspaces.
/// </summary>
public static class UpdateMember
{
    public static async Task<EnvelopeResult<MemberResponse>> HandleAsync(
        long memberId, UpdateMemberRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        CancellationToken ct)
    {
        var member = await db.FindForUpdateAsync(scope, memberId, ct);
        if (member.DeletedAt is not null) throw ApiException.NotFound("Member");

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

        var role = Roles.Canonical(request.Role, Roles.Assignable);
        if (role is not null) MemberRules.RequireMayChangeRole(scope, member, role);
        if (request.RateStatus is { } rateStatus) MemberRules.RequireMayChangeRateStatus(scope, member, rateStatus);
        var now = clock.GetUtcNow().UtcDateTime;
        if (request is { Email: not null } or { Firstname: not null } or { Lastname: not null } or { Timezone: not null } or { RemoveAvatar: 1 })
        {
            await MemberRules.RequireMayChangeAccountAsync(scope, member, db, ct);
            await ChangeAccountAsync(member, request, db, now, ct);
        }
        if (role is not null) member.Role = role;
        if (request.RateStatus is not null) member.RateStatus = request.RateStatus.Value;
        if (request.WeeklyHoursLimit is not null) member.WeeklyHoursLimit = request.WeeklyHoursLimit;

        outbox.Record(scope.WorkspaceId, new MemberUpdated(member.UserId, member.Role));
        await db.SaveChangesOrConflictAsync("The member was changed by a concurrent request.", ct);

        var response = await db.Members.AsNoTracking().Where(m => m.Id == member.Id)
            .Select(MemberProfile.Of).Select(MemberResponse.Projection(scope.CanSeeRates)).FirstAsync(ct);
        return ApiResults.Ok(response, "Member updated successfully");
    }

    private static async Task ChangeAccountAsync(Member member, UpdateMemberRequest request, TrackerDbContext db, DateTime now, CancellationToken ct)
    {
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
        // While invited, the member shows the names the inviter sent: a correction must show too.
        if (member.AwaitsAcceptance)
        {
            member.InvitedFirstName = request.Firstname?.Trim() ?? member.InvitedFirstName;
            member.InvitedLastName = request.Lastname?.Trim() ?? member.InvitedLastName;
        }
        if (request.Timezone is not null) user.Timezone = request.Timezone;
        if (request.RemoveAvatar == 1) user.Avatar = null;
        user.UpdatedAt = now;
    }
}
