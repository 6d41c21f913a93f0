using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Members;

/// <summary>
/// Pays, before the server listens (so before /health answers), what its first API request would otherwise pay: the
/// JIT of building endpoints, EF's first connection and query pipeline, the compiled token lookup and members list
/// (the list clients read first on start), and the serializer's metadata for that envelope. The bench measured that
/// first request at ~1 s on a busy machine (bench/RESULTS.md). Read-only, against a workspace id no row has, so it is
/// safe on any database. It lives with the members list because Infrastructure does not depend on features.
/// </summary>
public static class StartupWarmup
{
    public static async Task RunAsync(WebApplication app, CancellationToken ct = default)
    {
        foreach (var source in ((IEndpointRouteBuilder)app).DataSources) _ = source.Endpoints.Count;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrackerDbContext>();
        await PersonalAccessTokenHandler.WarmAsync(db);
        var nobody = new WorkspaceScope(WorkspaceId: 0, UserId: 0, OwnerId: 0, Roles.Owner, CanSeeRates: true);
        var page = await ListMembers.HandleAsync(nobody, new PageRequest(1, PageRequest.DefaultPerPage), db, null, null, null,
            new SyncQuery(null, null), ct);
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = Stream.Null;
        await page.ExecuteAsync(context);
    }
}
