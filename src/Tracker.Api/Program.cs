using Tracker.Api.Domain;
using Tracker.Api.Features.Account;
using Tracker.Api.Features.App;
using Tracker.Api.Features.Expenses;
using Tracker.Api.Features.Exports;
using Tracker.Api.Features.Imports;
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
using Tracker.Api.Infrastructure.Retention;
using Tracker.Api.Infrastructure.Seeding;
using Tracker.Api.Infrastructure.Tenancy;

// Help and unknown commands answer before any configuration or database is read.
if (CommandLine.Answer(args, Console.Out, Console.Error) is { } answered) return answered;
try
{
    return await RunAsync(args);
}
catch (StartupException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return StartupException.ExitCode;
}

static async Task<int> RunAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
        builder.WebHost.UseUrls(PublicUrl.DefaultListenUrl);

    // Read by people under `dotnet run` (Development): one line per entry. Read by log collectors elsewhere: JSON.
    if (builder.Environment.IsDevelopment())
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
    else
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
    builder.Services.AddRetention(builder.Configuration);
    builder.Services.AddInvitations(builder.Configuration);
    builder.Services.AddSingleton<PasswordResetTokens>();
    builder.Services.AddTrackerMail(builder.Configuration);
    builder.Services.AddTrackerApp();
    // The app's assets from the build output in every environment (a published app has them in wwwroot instead).
    builder.WebHost.UseStaticWebAssets();

    DemoSeeder.ChosenToken(builder.Configuration);

    var app = builder.Build();

    if (CommandLine.CommandOf(args) is not null) return await CliCommands.RunAsync(app, args);

    var urls = app.Configuration["urls"] ?? PublicUrl.DefaultListenUrl;
    ListenAddresses.EnsureFree(urls);
    await DatabaseSetup.EnsureReachableAsync(app.Services);
    await DatabaseSetup.MigrateAsync(app.Services);
    await CommandLineApp.EnsureAsync(app.Services);
    var seeded = await DemoSeeder.SeedAsync(app.Services, app.Configuration, app.Logger);

    app.UseTrackerForwardedHeaders(app.Configuration);
    app.UseRequestLogging();
    app.UseEnvelopeErrors();
    app.UseRewindableJsonBodies();
    app.UseFormBodiesAsJson();
    app.UseRouting(); // after the body rewrite: endpoint selection checks the content type
    app.UseEmptyBodiesAsEmptyObjects(); // after routing: only endpoints that take a JSON body
    app.UseControlCharacterGuard(); // after routing (route values), before anything reads input
    app.UseTrackerAuthentication(); // OpenIddict looks only at its own paths
    app.UseTrackerRateLimiting();
    app.UseAuthorization();
    app.UseScanSlots(); // after authorization: only callers who may read a report wait for a slot
    app.UseReadYourWrites(); // only with ConnectionStrings:ReadOnly: a user's writes pin their reads to the primary a while
    app.UseIdempotencyKeys();
    app.UseFormAntiforgery();

    app.MapTrackerDocs();
    app.MapHealthChecks("/health");

    var api = app.MapGroup("/api/v2")
        .RequireAuthorization(AuthSetup.ApiPolicy)
        .RequireScopes()
        .ResolvePathIdsFirst()
        .MarkWorkspaceScoped();
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
    api.MapExports();
    api.MapImports();

    app.MapAccountPages();
    app.MapTrackerApp();
    app.MapOAuthEndpoints();

    await StartupWarmup.RunAsync(app);
    try
    {
        await app.StartAsync();
    }
    catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
    {
        throw ListenAddresses.InUse(urls); // taken after the check above
    }
    DemoSeeder.Welcome(seeded, app.Urls.Select(PublicUrl.Openable).FirstOrDefault() ?? PublicUrl.Base(app.Configuration), Console.Out);
    await app.WaitForShutdownAsync();
    return 0;
}

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
