using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Tracker.Api.Infrastructure.Pages;

/// <summary>The server-rendered pages' one layout, with the security headers every page gets.</summary>
public static class HtmlPage
{
    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    /// <summary>Hidden antiforgery field for a form; minimal-API form endpoints validate it automatically.</summary>
    public static string Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>
    /// Checks the antiforgery token of a form post whose handler binds no form field (those are checked by the
    /// framework); an invalid one throws, which the error handler answers with 400.
    /// </summary>
    public static Task ValidateAntiforgeryAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);

    /// <summary>
    /// The web app's policy (Features/App): its script (blazor.web.js) and stylesheet come from this server, its
    /// interactive parts talk to this server (fetch and WebSocket), and nothing is inline: no style attributes either.
    /// </summary>
    public const string AppPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

    /// <summary>The headers every page gets, with its Content-Security-Policy.</summary>
    public static void SecurityHeaders(HttpContext context, string contentSecurityPolicy)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    /// <param name="formActionSource">
    /// One more CSP source the page's forms may lead to, besides this server: only the OAuth consent page needs
    /// one (the client's redirect origin, where Allow and Deny end up).
    /// </param>
    public static IResult Render(HttpContext context, string title, string body, int status = 200, string? formActionSource = null)
    {
        var formAction = formActionSource is null ? "'self'" : "'self' " + formActionSource;
        SecurityHeaders(context, $"default-src 'none'; style-src 'unsafe-inline'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'");
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · Tracker</title>
            <style>
              body{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#1d232a}
              header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #dde;margin-bottom:1.5rem}
              input,select,button{font:inherit;padding:.4rem .6rem;margin:.2rem 0}label{display:block;margin-top:.6rem}
              button{background:#2457c5;color:#fff;border:0;border-radius:4px;cursor:pointer}button.link{background:none;color:#2457c5;padding:0}
              table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem;text-align:left}
              .secret{background:#fff6d5;padding:.6rem;border-radius:4px;word-break:break-all;font-family:monospace}
              .error{color:#b00020}
            </style></head>
            <body><header><strong>Tracker</strong><nav><a href="/app">App</a> · <a href="/settings/profile">Profile</a> · <a href="/settings/rest-api">REST API settings</a> · <a href="/docs">API docs</a></nav></header>
            <h1>{{E(title)}}</h1>
            {{body}}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
