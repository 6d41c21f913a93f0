using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Api.Tests.Infrastructure;
using OpenIddict.Validation;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// OpenIddict's server is offered only the OAuth paths: an API call or a page never meets it, neither in the pipeline's
/// own authentication nor in one WebApplication would put in front of the pipeline. OpenIddict's validation never sees
/// a personal access token, and still sees a call without one (its challenge answers the 401). Inline handlers of
/// each one's first event count the requests they see.
/// </summary>
public class AuthenticationPipelineTests(AuthenticationPipelineTests.Factory factory) : IClassFixture<AuthenticationPipelineTests.Factory>
{
    public sealed class Factory : TrackerFactory
    {
        private int _server, _validation;

        public int SeenByOpenIddictServer => Volatile.Read(ref _server);

        public int SeenByOpenIddictValidation => Volatile.Read(ref _validation);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddOpenIddict()
                .AddServer(options => options.AddEventHandler<ProcessRequestContext>(handler => handler.UseInlineHandler(_ =>
                {
                    Interlocked.Increment(ref _server);
                    return default;
                })))
                .AddValidation(options => options.AddEventHandler<OpenIddictValidationEvents.ProcessRequestContext>(handler => handler.UseInlineHandler(_ =>
                {
                    Interlocked.Increment(ref _validation);
                    return default;
                }))));
        }
    }

    [Fact]
    public async Task Only_OAuth_paths_reach_the_OpenIddict_server_and_personal_access_tokens_skip_its_validation()
    {
        var ws = await factory.NewWorkspaceAsync();
        var before = factory.SeenByOpenIddictServer;
        var validated = factory.SeenByOpenIddictValidation;
        Assert.Equal(HttpStatusCode.OK, (await ws.Owner.Client.GetAsync("/api/v2/workspaces")).StatusCode);
        Assert.Equal(validated, factory.SeenByOpenIddictValidation);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v2/workspaces")).StatusCode);
        Assert.Equal(validated + 1, factory.SeenByOpenIddictValidation);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ClientWith("not-a-token").GetAsync("/api/v2/workspaces")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/account/login")).StatusCode);
        Assert.Equal(before, factory.SeenByOpenIddictServer);

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/.well-known/openid-configuration")).StatusCode);
        Assert.True(factory.SeenByOpenIddictServer > before);
    }
}
