using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;
using PageQuery = System.Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, long, long?, string?, string?, string?, int, int,
    System.Collections.Generic.IAsyncEnumerable<Tracker.Api.Infrastructure.Paging.PagingExtensions.CountedRow<Tracker.Api.Features.Members.MemberResponse>>>;

namespace Tracker.Api.Features.Members;

/// <summary>
/// GET /members: the members the caller may see (<see cref="MemberEndpoints.OnlyMemberVisibleTo"/>), archived ones
/// only with status=left, filtered by email, status and role.
/// </summary>
public static class ListMembers
{
    /// <summary>
    /// Clients read this list on every start, so its query is compiled once, one per rate visibility: a LINQ query
    /// is re-read and looked up in EF's query cache on every call, which cost this request 25-30% of its CPU
    /// (docs/decisions.md, "Compiled members list"). Filters are parameters; EF leaves a null one out of the SQL.
    /// The count repeats the filter because a compiled query cannot share a sub-expression that uses its parameters.
    /// </summary>
    private static readonly PageQuery[] PageQueries = [Compile(canSeeRates: false), Compile(canSeeRates: true)];

    private static PageQuery Compile(bool canSeeRates)
    {
        var (profile, projection) = (MemberProfile.Of, MemberResponse.Projection(canSeeRates));
        return EF.CompileAsyncQuery((TrackerDbContext db, long workspaceId, long? onlyUserId, string? email, string? status, string? role, int skip, int take) =>
            db.Members.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && (onlyUserId == null || m.UserId == onlyUserId)
                    && (email == null || m.User.NormalizedEmail == email)
                    && (status == null ? m.DeletedAt == null : m.Status == status) && (role == null || m.Role == role))
                .OrderBy(m => m.UserId).Skip(skip).Take(take)
                .Select(profile).Select(projection)
                .Select(item => new CountedRow<MemberResponse>(item, db.Members
                    .Count(m => m.WorkspaceId == workspaceId && (onlyUserId == null || m.UserId == onlyUserId)
                        && (email == null || m.User.NormalizedEmail == email)
                        && (status == null ? m.DeletedAt == null : m.Status == status) && (role == null || m.Role == role)))));
    }

    public static async Task<EnvelopeResult<IReadOnlyList<MemberResponse>>> HandleAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, string? email, string? status, string? role, SyncQuery sync,
        CancellationToken ct)
    {
        new Validator().OneOf("status", status, MemberStatuses.All).OneOf("role", role, Roles.All).ThrowIfInvalid();
        var normalizedEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        var (canonicalStatus, canonicalRole) = (Roles.Canonical(status, MemberStatuses.All), Roles.Canonical(role, Roles.All));
        var onlyUserId = MemberEndpoints.OnlyMemberVisibleTo(scope);
        if (sync.UpdatedSince is not null || sync.WithDeleted)
            return ApiResults.Page(await SyncPageAsync(scope, paging, db, onlyUserId, normalizedEmail, canonicalStatus, canonicalRole, sync, ct));
        var pageQuery = PageQueries[scope.CanSeeRates ? 1 : 0];
        Func<int, int, IAsyncEnumerable<CountedRow<MemberResponse>>> compiled = (skip, take) =>
            pageQuery(db, scope.WorkspaceId, onlyUserId, normalizedEmail, canonicalStatus, canonicalRole, skip, take);
        return ApiResults.Page(await compiled.ToPageAsync(paging, ct));
    }

    /// <summary>The same filters for a sync, which is rarer than a client's start: an ordinary LINQ query, archived members with include_deleted.</summary>
    private static Task<Page<MemberResponse>> SyncPageAsync(WorkspaceScope scope, PageRequest paging, TrackerDbContext db, long? onlyUserId,
        string? email, string? status, string? role, SyncQuery sync, CancellationToken ct)
    {
        var query = db.Members.AsNoTracking().Where(m => m.WorkspaceId == scope.WorkspaceId
            && (onlyUserId == null || m.UserId == onlyUserId) && (email == null || m.User.NormalizedEmail == email) && (role == null || m.Role == role));
        if (status is not null) query = query.Where(m => m.Status == status);
        else if (!sync.WithDeleted) query = query.Where(m => m.DeletedAt == null);
        return query.InSyncOrder(sync, m => m.UserId, q => q.OrderBy(m => m.UserId))
            .ToPageAsync(paging, rows => rows.Select(MemberProfile.Of).Select(MemberResponse.Projection(scope.CanSeeRates)), ct);
    }
}
