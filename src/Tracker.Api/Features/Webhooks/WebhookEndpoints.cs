using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Webhooks;

/// <summary>Webhook CRUD (spec 4) plus the extensions: rotate-secret, delivery log, redeliver. Owners and executive managers only.</summary>
public static class WebhookEndpoints
{
    /// <summary>B's list prose: "paginated with 50 rows per page".</summary>
    private const int ListPerPage = 50;

    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks").RequireWorkspaceRole(Roles.Admins);
        group.MapGet("/", ListAsync).WithName("getWebhooks").WithSummary("List All Webhooks").ReadsFromReplica();
        group.MapPost("/", CreateAsync).WithName("createWebhook").WithSummary("Create a Webhook");
        group.MapGet("/{webhookId}", GetAsync).WithName("getWebhook").WithSummary("Get Webhook");
        group.MapPut("/{webhookId}", UpdateAsync).WithName("updateWebhook").WithSummary("Update a Webhook");
        group.MapDelete("/{webhookId}", DeleteAsync).WithName("deleteWebhook").WithSummary("Delete a Webhook");
        group.MapPost("/{webhookId}/rotate-secret", RotateSecretAsync).WithName("rotateWebhookSecret").WithSummary("Rotate the signing secret (extension)");
        group.MapGet("/{webhookId}/deliveries", WebhookDeliveries.ListAsync).WithName("getWebhookDeliveries").WithSummary("Delivery log (extension)").ReadsFromReplica();
        group.MapPost("/{webhookId}/deliveries/{deliveryId}/redeliver", WebhookDeliveries.RedeliverAsync)
            .WithName("redeliverWebhookDelivery").WithSummary("Redeliver one event (extension)");
        return api;
    }

    private static async Task<EnvelopeResult<IReadOnlyList<WebhookResponse>>> ListAsync(
        WorkspaceScope scope, HttpRequest http, TrackerDbContext db, SyncQuery sync, CancellationToken ct)
    {
        var showSecret = ShowsSecret(http.HttpContext.User);
        var paging = PageRequest.FromQuery(http.Query, ListPerPage);
        var page = await db.Webhooks.Kept(sync).AsNoTracking().Where(w => w.WorkspaceId == scope.WorkspaceId)
            .InSyncOrder(sync, w => w.Id, q => q.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)).ToPageAsync(paging, ct);
        return ApiResults.Page(new Page<WebhookResponse>(page.Items.Select(w => Describe(w, showSecret)).ToList(), page.Pagination));
    }

    private static async Task<EnvelopeResult<WebhookResponse>> GetAsync(
        string webhookId, WorkspaceScope scope, ClaimsPrincipal user, TrackerDbContext db, CancellationToken ct)
    {
        var webhook = await db.FindWebhookAsync(scope, webhookId, tracked: false, ct);
        return ApiResults.Ok(Describe(webhook, ShowsSecret(user)), "Webhook retrieved successfully");
    }

    private static async Task<EnvelopeResult<WebhookResponse>> CreateAsync(
        WebhookRequest? body, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var events = Validate(body, eventsRequired: true, options.Value);
        var now = clock.GetUtcNow().UtcDateTime;
        var webhook = new Webhook
        {
            Id = NewId(), WorkspaceId = scope.WorkspaceId, Url = body!.Url!.Trim(), Events = WebhookEvents.Pack(events!),
            Secret = WebhookSigner.NewSecret(), Status = WebhookStatuses.Active, CreatedBy = scope.UserId, CreatedAt = now,
        };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(ct);
        return ApiResults.Ok(Describe(webhook, showSecret: true), "Webhook created successfully");
    }

    /// <summary>Replaces the URL and (when sent) the events; also re-enables a webhook that was disabled by failures.</summary>
    private static async Task<EnvelopeResult<WebhookResponse>> UpdateAsync(
        string webhookId, WebhookRequest? body, WorkspaceScope scope, ClaimsPrincipal user, TrackerDbContext db, TimeProvider clock,
        IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var webhook = await db.FindWebhookAsync(scope, webhookId, tracked: true, ct); // 404 before validation
        var events = Validate(body, eventsRequired: false, options.Value);
        webhook.Url = body!.Url!.Trim();
        if (events is not null) webhook.Events = WebhookEvents.Pack(events);
        webhook.Status = WebhookStatuses.Active;
        webhook.DisabledAt = null;
        webhook.DisabledReason = null;
        await db.SaveChangesAsync(ct);
        return ApiResults.Ok(Describe(webhook, ShowsSecret(user)), "Webhook updated successfully");
    }

    private static async Task<EnvelopeResult<object?>> DeleteAsync(string webhookId, WorkspaceScope scope, TrackerDbContext db, CancellationToken ct)
    {
        // The row stays as sync's tombstone (deleted_at); its delivery log goes, as it did with the row.
        var webhook = await db.FindWebhookAsync(scope, webhookId, tracked: true, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.WebhookDeliveries.Where(d => d.WebhookId == webhook.Id).ExecuteDeleteAsync(ct);
        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ApiResults.Done("Webhook deleted successfully");
    }

    /// <summary>New secret at once; deliveries already queued are signed with the new one when they are sent.</summary>
    private static async Task<EnvelopeResult<WebhookResponse>> RotateSecretAsync(
        string webhookId, WorkspaceScope scope, TrackerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var webhook = await db.FindWebhookAsync(scope, webhookId, tracked: true, ct);
        webhook.Secret = WebhookSigner.NewSecret();
        await db.SaveChangesAsync(ct);
        return ApiResults.Ok(Describe(webhook, showSecret: true), "Webhook secret rotated successfully");
    }

    internal static async Task<Webhook> FindWebhookAsync(this TrackerDbContext db, WorkspaceScope scope, string webhookId, bool tracked, CancellationToken ct)
    {
        var query = db.Webhooks.Where(w => w.WorkspaceId == scope.WorkspaceId && w.Id == webhookId);
        if (!tracked) query = query.AsNoTracking();
        return await query.FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("Webhook");
    }

    private static string[]? Validate(WebhookRequest? body, bool eventsRequired, WebhookOptions options)
    {
        var v = new Validator();
        var url = body?.Url?.Trim();
        v.Required("url", url).MaxLength("url", url, 2048);
        if (!string.IsNullOrEmpty(url) && !v.Has("url"))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                v.Add("url", "The url field must be a valid http or https URL.");
            else if (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && !new WebhookAddressPolicy(options.AllowLoopback).IsAllowed(ip))
                v.Add("url", "The url must not point to a private, loopback, link-local or reserved address.");
        }
        var events = body?.Events;
        if (eventsRequired && (events is null || events.Length == 0)) v.Add("events", "The events field is required.");
        else if (events is not null && events.Length == 0) v.Add("events", "The events field must have at least 1 item.");
        foreach (var e in events ?? [])
            if (!WebhookEvents.All.Contains(e?.Trim().ToLowerInvariant()))
                v.Add("events", $"The selected event '{e}' is invalid. Allowed: {string.Join(", ", WebhookEvents.All)}.");
        v.ThrowIfInvalid();
        return events?.Select(e => e.Trim().ToLowerInvariant()).ToArray();
    }

    /// <summary>
    /// The contract returns the token on create, get and list: receivers verify deliveries with it. A caller who could
    /// create a webhook with its own secret (the <c>admin</c> scope: PATs, full OAuth grants) sees it in full; a narrower
    /// OAuth token sees it masked. Create and rotate show the secret they just made.
    /// </summary>
    private static bool ShowsSecret(ClaimsPrincipal user) => ApiScopes.Grants(user, ApiScopes.Admin);

    /// <summary>A deleted webhook (a sync's tombstone) never shows its secret.</summary>
    private static WebhookResponse Describe(Webhook w, bool showSecret) => new(
        w.Id, w.Url, WebhookEvents.Unpack(w.Events), showSecret && w.DeletedAt is null ? w.Secret : WebhookSigner.Mask(w.Secret), w.Status,
        w.DisabledReason, w.CreatedAt, w.UpdatedAt, w.DeletedAt);

    private static string NewId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16);
}
