using Tracker.Api.Domain;
using Tracker.Api.Features.Account;
using Tracker.Api.Features.Expenses;
using Tracker.Api.Features.Leaves;
using Tracker.Api.Features.Contracts;
using Tracker.Api.Features.Members;
using Tracker.Api.Features.Projects;
using Tracker.Api.Features.ProjectViewers;
using Tracker.Api.Features.Tasks;
using Tracker.Api.Features.Time;
using Tracker.Api.Features.Reports;
using Tracker.Api.Features.Webhooks;
using Tracker.Api.Features.Workspaces;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Cli;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Email;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.OpenApi;
using Tracker.Api.Infrastructure.RateLimiting;
using Tracker.Api.Infrastructure.Seeding;
using Tracker.Api.Infrastructure.Tenancy;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
    builder.WebHost.UseUrls(PublicUrl.DefaultListenUrl);

builder.Logging.AddJsonConsole(o =>
{
    o.IncludeScopes = false;
    o.UseUtcTimestamp = true;
    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
});
builder.Logging.KeepUrlsOutOfFrameworkLogs();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
builder.WebHost.ConfigureKestrel(o =>
{
    o.Limits.MaxRequestBodySize = RequestBuffering.MaxBodyBytes;
    o.AddServerHeader = false; // names the server software to anyone probing for known flaws
});
builder.Services.AddAntiforgery();
builder.Services.AddEnvelopeErrors();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddTrackerDatabase(builder.Configuration);
builder.Services.AddTrackerAuth(builder.Configuration);
builder.Services.AddTrackerDataProtection(builder.Configuration);
builder.Services.AddTrackerRateLimiting(builder.Configuration);
builder.Services.AddTrackerOpenApi();
builder.Services.AddScoped<Tracker.Api.Infrastructure.Events.Outbox>();
builder.Services.AddWebhooks(builder.Configuration);
builder.Services.AddInvitations(builder.Configuration);
builder.Services.AddSingleton<PasswordResetTokens>();
builder.Services.AddTrackerMail(builder.Configuration);

var app = builder.Build();

if (await CliCommands.TryRunAsync(app, args)) return;

await DatabaseSetup.MigrateAsync(app.Services);
await DemoSeeder.SeedAsync(app.Services, app.Configuration, app.Logger);

app.UseTrackerForwardedHeaders(app.Configuration);
app.UseRequestLogging();
app.UseEnvelopeErrors();
app.UseRewindableJsonBodies();
app.UseFormBodiesAsJson();
app.UseRouting(); // after the body rewrite: endpoint selection checks the content type
app.UseEmptyBodiesAsEmptyObjects(); // after routing: only endpoints that take a JSON body
app.UseControlCharacterGuard(); // after routing (route values), before anything reads input
app.UseAuthentication();
app.UseTrackerRateLimiting();
app.UseAuthorization();
app.UseIdempotencyKeys();
app.UseFormAntiforgery();

app.MapTrackerDocs();
app.MapHealthChecks("/health");

var api = app.MapGroup("/api/v2")
    .RequireAuthorization(AuthSetup.ApiPolicy)
    .RequireScopes()
    .ResolvePathIdsFirst();
// In the current docs' tag order, which is also the OpenAPI document's order.
api.MapWorkspaces();
api.MapMembers();
api.MapProjects();
api.MapContracts();
api.MapTasks();
api.MapProjectViewers();
api.MapTime();
api.MapLeaves();
api.MapExpenses();
api.MapReports();
api.MapWebhooks();

app.MapAccountPages();
app.MapOAuthEndpoints();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
