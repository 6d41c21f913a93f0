using System.CommandLine;
using Tracker.Client;

namespace Tracker.Cli.Commands;

/// <summary>
/// tracker login --server URL [--token TOKEN] [--workspace ID]: saves the server and a PAT, or runs the OAuth
/// authorization-code flow with PKCE on a loopback redirect (<see cref="OAuthLogin"/>), then checks the token by
/// listing the workspaces.
/// </summary>
internal static class LoginCommand
{
    /// <summary>Every server's public app for this CLI (the server's <c>CommandLineApp</c>): no secret, PKCE, ten loopback ports.</summary>
    private static class BuiltInApp
    {
        public const string ClientId = "tracker-cli";
        public static readonly int[] Ports = [.. Enumerable.Range(8765, 10)];
    }

    public static IEnumerable<Command> Build(CliContext context, Globals globals)
    {
        var server = new Option<string>("--server") { Description = "The server's URL, e.g. https://tracker.example.com", Required = true };
        var token = new Option<string?>("--token") { Description = "A personal access token (trk_pat_…); without it, sign in in a browser" };
        var clientId = new Option<string?>("--client-id") { Description = "OAuth client id of your own app with a loopback redirect (default: the server's built-in tracker-cli app)" };
        var clientSecret = new Option<string?>("--client-secret") { Description = "OAuth client secret, if the app has one" };
        var port = new Option<int?>("--port") { Description = "Loopback port of your app's redirect http://127.0.0.1:PORT/callback (default: the first free of the built-in app's ports)" };
        var login = new Command("login", "Sign in to a server and save the connection") { server, token, clientId, clientSecret, port };
        login.SetAction(async (parse, ct) =>
        {
            var output = new Output(context.Console, parse.GetValue(globals.Json), context.Clock);
            if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new UsageException("--server must be an http(s) URL.");
            var config = CliConfig.Load(context.ConfigFolder);
            (config.Server, config.WorkspaceId) = (url.ToString().TrimEnd('/'), parse.GetValue(globals.Workspace) ?? config.WorkspaceId);
            if (parse.GetValue(token) is { } pat)
                (config.Token, config.OAuth, config.ClientId, config.ClientSecret) = (pat, null, null, null);
            else
            {
                var id = parse.GetValue(clientId) ?? BuiltInApp.ClientId;
                var secret = parse.GetValue(clientSecret);
                var ports = parse.GetValue(port) is { } chosen ? [chosen] : BuiltInApp.Ports;
                var oauth = await OAuthLogin.RunAsync(context, url, id, secret, ports, ct);
                (config.Token, config.OAuth, config.ClientId, config.ClientSecret) = (null, oauth, id, secret);
            }
            config.Save(context.ConfigFolder);
            using var session = new Session(context, config.WorkspaceId);
            var workspaces = await output.WaitAsync("Checking the token", session.WorkspacesAsync, ct);
            output.Write(new { server = config.Server, workspace_id = config.WorkspaceId, workspaces = workspaces.Count },
                $"Signed in to {Format.Esc(config.Server)}: {workspaces.Count} workspace(s). Saved in {Format.Esc(CliConfig.PathIn(context.ConfigFolder))}.");
            return 0;
        });
        return [login];
    }
}
