using System.Net;
using System.Security.Cryptography;
using System.Text;
using Spectre.Console;
using Tracker.Client;

namespace Tracker.Cli.Commands;

/// <summary>
/// The OAuth2 authorization-code flow for a native app (RFC 8252): PKCE S256, a random state, and a one-shot
/// listener on 127.0.0.1 that receives the redirect. The URL is printed (and opened when a browser exists), so
/// signing in over SSH works by opening it elsewhere, as long as the redirect reaches this machine.
/// </summary>
internal static class OAuthLogin
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<OAuthToken> RunAsync(CliContext context, Uri server, string clientId, string? clientSecret, IReadOnlyList<int> ports, CancellationToken ct)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        using var listener = Listen(ports, out var port);
        var redirect = new Uri($"http://127.0.0.1:{port}/callback");
        (string, string)[] parameters =
        [
            ("response_type", "code"), ("client_id", clientId), ("redirect_uri", redirect.ToString()), ("scope", "read write offline_access"),
            ("state", state), ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ];
        var authorize = new Uri(server, "/oauth/authorize") + "?" +
                        string.Join("&", parameters.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));

        context.Console.MarkupLine("Open this URL to sign in:");
        context.Console.WriteLine(authorize);
        if (context.OpenBrowser?.Invoke(new Uri(authorize)) == true) context.Console.MarkupLine("[grey](opened in your browser)[/]");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Patience);
        while (true)
        {
            var request = await listener.GetContextAsync().WaitAsync(timeout.Token);
            if (request.Request.Url?.AbsolutePath != "/callback") { Answer(request, 404, "Not found."); continue; }
            var query = request.Request.QueryString;
            if (query["state"] != state) { Answer(request, 400, "This sign-in answer is not for this login."); continue; }
            if (query["error"] is { } error)
            {
                Answer(request, 400, "Sign-in was refused. You can close this tab.");
                throw new TrackerApiException(401, $"Sign-in refused: {query["error_description"] ?? error}", new Dictionary<string, string[]>());
            }
            Answer(request, 200, "Signed in. You can close this tab and return to the terminal.");
            return await OAuthSession.ExchangeCodeAsync(server, clientId, clientSecret, query["code"] ?? "", verifier, redirect, context.Handler, context.Clock, ct);
        }
    }

    /// <summary>Listens on the first of <paramref name="ports"/> that is free: each is a redirect the app registered.</summary>
    private static HttpListener Listen(IReadOnlyList<int> ports, out int port)
    {
        foreach (var candidate in ports)
        {
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{candidate}/");
            try
            {
                listener.Start();
                port = candidate;
                return listener;
            }
            catch (HttpListenerException)
            {
                listener.Close();
            }
        }
        throw new UsageException($"No free loopback port for the sign-in redirect (tried {string.Join(", ", ports)}).");
    }

    private static void Answer(HttpListenerContext request, int status, string text)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><meta charset=utf-8><title>tracker</title><p>{WebUtility.HtmlEncode(text)}</p>");
        request.Response.StatusCode = status;
        request.Response.ContentType = "text/html; charset=utf-8";
        request.Response.OutputStream.Write(body);
        request.Response.Close();
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
