using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Infrastructure.Tenancy;

/// <summary>
/// The caller's standing in the workspace named by <c>workspace_id</c>: the one tenancy check. Declare it as an
/// endpoint parameter; binding fails with 422 when <c>workspace_id</c> is missing or malformed and 403 when the
/// caller is not an active member of a live workspace. Every query of workspace data filters by
/// <see cref="WorkspaceId"/>, so ids from another workspace simply are not found (404). Role rules are declared on
/// the route (<see cref="WorkspaceRoles.RequireWorkspaceRole"/>); the record-based ones (<see cref="ActingFor"/>,
/// <see cref="RequireDecidesFor"/>) are asked here by the handler.
/// </summary>
public sealed record WorkspaceScope(long WorkspaceId, long UserId, long OwnerId, string Role, bool CanSeeRates)
{
    public bool IsAdmin => Roles.IsAdmin(Role);

    /// <summary>
    /// The member an action is for: <paramref name="userId"/> when given, else the caller. Owners and Executive
    /// managers act for anyone; everyone else only for themselves (403).
    /// </summary>
    public long ActingFor(long? userId)
    {
        if (userId is { } id && id != UserId && !IsAdmin) throw ApiException.Forbidden("You can only act on your own records");
        return userId ?? UserId;
    }

    /// <summary>
    /// 403 when the caller would approve or reject their own timesheet, leave or time request: a decision needs a
    /// second person. The Owner has no one above and may.
    /// </summary>
    public void RequireDecidesFor(long subjectUserId)
    {
        if (subjectUserId == UserId && Role != Roles.Owner)
            throw ApiException.Forbidden("You cannot approve or reject your own request; someone above you decides it.");
    }

    public static async ValueTask<WorkspaceScope?> BindAsync(HttpContext context, ParameterInfo parameter) => await ResolveAsync(context);

    /// <summary>
    /// The caller's scope for this request, resolved once: a declared role rule (<see cref="WorkspaceRoleRequirement"/>)
    /// resolves it during authorization, before binding, and the endpoint's parameter then reuses it.
    /// </summary>
    public static async Task<WorkspaceScope> ResolveAsync(HttpContext context)
    {
        if (context.Features.Get<WorkspaceScope>() is { } resolved) return resolved;
        var userId = context.User.UserId() ?? throw new ApiException(StatusCodes.Status401Unauthorized, "Unauthenticated.");
        var workspaceId = await ReadWorkspaceIdAsync(context.Request);
        var membership = context.Features.Get<PreloadedMemberships>() is { } preloaded
            ? preloaded.For(workspaceId)
            : await LoadAsync(context, workspaceId, userId);
        if (membership is null)
            throw ApiException.Forbidden("You do not have permission to access this workspace");
        var canSeeRates = membership.Role == Roles.Owner || membership.RateStatus == 1;
        var scope = new WorkspaceScope(workspaceId, userId, membership.OwnerId, membership.Role, canSeeRates);
        context.Features.Set(scope);
        return scope;
    }

    /// <summary>One membership, for callers whose authentication did not preload them all (OAuth access tokens).</summary>
    private static Task<Membership?> LoadAsync(HttpContext context, long workspaceId, long userId)
    {
        var db = context.RequestServices.GetRequiredService<TrackerDbContext>();
        return db.Members.AsNoTracking()
            .Where(QueryRules.Inline((Member m) => m.WorkspaceId == workspaceId && m.UserId == userId && Membership.Grants.Invoke(db, m)))
            .Select(QueryRules.Inline((Member m) => Membership.Of.Invoke(db, m)))
            .FirstOrDefaultAsync(context.RequestAborted);
    }

    /// <summary>From the query string (generation A) or the JSON body (generation B); the query wins.</summary>
    private static async Task<long> ReadWorkspaceIdAsync(HttpRequest request)
    {
        string? raw = request.Query["workspace_id"];
        if (string.IsNullOrEmpty(raw) && request.HasJsonContentType() && request.Body.CanSeek)
        {
            request.Body.Position = 0;
            try
            {
                using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                    doc.RootElement.TryGetProperty("workspace_id", out var value))
                    raw = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
            catch (JsonException)
            {
                throw new ApiException(StatusCodes.Status400BadRequest, "The request body is not valid JSON.");
            }
            finally
            {
                request.Body.Position = 0;
            }
        }
        if (string.IsNullOrEmpty(raw) || raw == "null")
            throw request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MissingWorkspaceIdAnswer>() is { } documented
                ? ApiException.BadRequest(documented.Message)
                : ApiException.Invalid("workspace_id", "The workspace id field is required.");
        if (!long.TryParse(raw, out var id) || id <= 0)
            throw ApiException.Invalid("workspace_id", "The workspace id field must be a positive integer.");
        return id;
    }
}

/// <summary>
/// A route whose page documents its own answer for a missing <c>workspace_id</c> (400 and this message) instead of the
/// usual 422; declared with <see cref="WorkspaceScopeRoutes.AnswersMissingWorkspaceId"/>.
/// </summary>
public sealed record MissingWorkspaceIdAnswer(string Message);

public static class WorkspaceScopeRoutes
{
    public static TBuilder AnswersMissingWorkspaceId<TBuilder>(this TBuilder builder, string message)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new MissingWorkspaceIdAnswer(message));

    /// <summary>The mark of a route that resolves a <see cref="WorkspaceScope"/>; see <see cref="MarkWorkspaceScoped"/>.</summary>
    public sealed class ReadsWorkspaceScope
    {
        internal static readonly ReadsWorkspaceScope Instance = new();
    }

    /// <summary>
    /// Marks every route of the group that resolves the caller's standing in a workspace: it binds a
    /// <see cref="WorkspaceScope"/>, declares a role rule, or has ids in its path (<see cref="PathRecords"/>). The
    /// token lookup preloads the caller's memberships only for these. The mark is a cost hint, not a rule: a route
    /// without it that resolves a scope anyway still gets it right, with one more query.
    /// </summary>
    public static RouteGroupBuilder MarkWorkspaceScoped(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var scoped = endpoint.Metadata.OfType<WorkspaceRoleRequirement>().Any()
                || endpoint.Metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(WorkspaceScope)))
                || endpoint is RouteEndpointBuilder { RoutePattern.Parameters.Count: > 0 };
            if (scoped) endpoint.Metadata.Add(ReadsWorkspaceScope.Instance);
        });
        return group;
    }
}

public static class RequestBuffering
{
    /// <summary>The largest request body accepted (Kestrel enforces it too, for bodies without Content-Length).</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>JSON bodies of API calls are made rewindable so workspace_id can be read before the body binds.</summary>
    public static IApplicationBuilder UseRewindableJsonBodies(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Bodies read before routing (JSON, forms) are refused here; others meet the server's limit, which routing
            // raises for routes that stream their body (StreamedBody).
            if (context.Request.ContentLength > MaxBodyBytes && (context.Request.HasJsonContentType() || IsUrlEncodedForm(context.Request)))
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes / 1024} KiB.");
            if (context.Request.HasJsonContentType()) context.Request.EnableBuffering();
            return next(context);
        });

    private static bool IsUrlEncodedForm(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
}
