using Scalar.AspNetCore;
using Tracker.Api.Features.Account;
using Tracker.Api.Features.Members;
using Tracker.Api.Features.Workspaces;
using Tracker.Api.Infrastructure.Auth;
using Tracker.Api.Infrastructure.Cli;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.OpenApi;
using Tracker.Api.Infrastructure.RateLimiting;
using Tracker.Api.Infrastructure.Seeding;
using Tracker.Api.Infrastructure.Tenancy;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
    builder.WebHost.UseUrls("http://localhost:5080");

builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 1024 * 1024);
builder.Services.AddHttpLogging(o => o.LoggingFields =
    Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestMethod | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestPath |
    Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.ResponseStatusCode | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.Duration);
builder.Services.AddAntiforgery();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddTrackerDatabase(builder.Configuration);
builder.Services.AddTrackerAuth(builder.Configuration);
builder.Services.AddTrackerDataProtection(builder.Configuration);
builder.Services.AddTrackerRateLimiting(builder.Configuration);
builder.Services.AddTrackerOpenApi();
builder.Services.AddScoped<Tracker.Api.Infrastructure.Events.Outbox>();

var app = builder.Build();

if (await CliCommands.TryRunAsync(app, args)) return;

await DatabaseSetup.MigrateAsync(app.Services);
await DemoSeeder.SeedAsync(app.Services, app.Configuration, app.Logger);

app.UseTrackerForwardedHeaders(app.Configuration);
app.UseEnvelopeErrors();
app.UseHttpLogging();
app.UseRewindableJsonBodies();
app.UseAuthentication();
app.UseTrackerRateLimiting();
app.UseAuthorization();
app.UseAntiforgery();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/v2.json").WithTitle("Tracker API V2"));
app.MapHealthChecks("/health");

var api = app.MapGroup("/api/v2")
    .RequireAuthorization(AuthSetup.ApiPolicy)
    .AddEndpointFilter(ApiScopes.Enforce);
api.MapWorkspaces();
api.MapMembers();

app.MapAccountPages();
app.MapOAuthEndpoints();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
