using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// <c>Idempotency-Key</c> on API POSTs (IETF draft semantics): the first response is stored and replayed to
/// retries with the same key for 24 hours, so a retried create or start-tracking creates nothing new. The same key
/// with a different request answers 422; a retry while the first request still runs answers 409. 5xx answers are
/// not kept, so the client may retry them.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0 || !HttpMethods.IsPost(context.Request.Method) || context.User.UserId() is not { } userId
            || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        if (key.Length > 255) throw ApiException.Invalid("Idempotency-Key", "The Idempotency-Key header must not be greater than 255 characters.");

        var db = context.RequestServices.GetRequiredService<TrackerDbContext>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var hash = await HashAsync(context.Request);
        await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key && r.CreatedAt < now - Retention).ExecuteDeleteAsync();

        var record = new IdempotencyRecord { UserId = userId, Key = key, RequestHash = hash, CreatedAt = now };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (SaveChangesExtensions.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            await ReplayAsync(context, db, userId, key, hash);
            return;
        }
        db.ChangeTracker.Clear();

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // Thrown errors are answered further out; keep nothing so a retry runs the request again.
            context.Response.Body = original;
            await db.IdempotencyRecords.Where(r => r.Id == record.Id).ExecuteDeleteAsync();
            throw;
        }
        context.Response.Body = original;
        var status = context.Response.StatusCode;
        if (status >= 500)
            await db.IdempotencyRecords.Where(r => r.Id == record.Id).ExecuteDeleteAsync();
        else
        {
            var body = Encoding.UTF8.GetString(buffer.ToArray());
            await db.IdempotencyRecords.Where(r => r.Id == record.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, status).SetProperty(r => r.ResponseBody, body));
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    });

    private static async Task ReplayAsync(HttpContext context, TrackerDbContext db, long userId, string key, string hash)
    {
        var stored = await db.IdempotencyRecords.AsNoTracking().FirstAsync(r => r.UserId == userId && r.Key == key);
        if (stored.RequestHash != hash)
            throw ApiException.Invalid("Idempotency-Key", "This Idempotency-Key was already used with a different request.");
        if (stored.StatusCode is null)
            throw ApiException.Conflict("A request with this Idempotency-Key is still being processed.");
        context.Response.StatusCode = stored.StatusCode.Value;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.WriteAsync(stored.ResponseBody ?? "");
    }

    private static async Task<string> HashAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        request.Body.Position = 0;
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0) sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
