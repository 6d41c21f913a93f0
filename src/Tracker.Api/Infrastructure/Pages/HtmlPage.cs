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

    /// <summary>
    /// A table that may be wider than a phone: it scrolls inside its own box, which the keyboard can focus to
    /// scroll and a screen reader names, instead of the whole page scrolling sideways.
    /// </summary>
    public static string Table(string label, string rows) =>
        $"<div class=\"table\" role=\"region\" aria-label=\"{E(label)}\" tabindex=\"0\"><table>{rows}</table></div>";

    // One look for every page, readable from 390 px up: system fonts, contrast of at least 4.5:1 for all text.
    private const string Style = """
        *{box-sizing:border-box}
        body{font:16px/1.5 system-ui,sans-serif;overflow-wrap:break-word;max-width:48rem;margin:0 auto;padding:0 1rem 2rem;color:#1d232a;background:#fff}
        header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;justify-content:space-between;align-items:center;padding:.75rem 0;border-bottom:1px solid #d5d9e0;margin-bottom:1.5rem}
        nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        a{color:#1f4fb8}.brand{font-weight:700;color:#1d232a;text-decoration:none}
        h1{font-size:1.6rem;line-height:1.25;overflow-wrap:anywhere}h2{font-size:1.25rem;margin-top:2rem}
        label{display:block;margin-top:.75rem}
        input,select,button{font:inherit;padding:.45rem .6rem;margin:.25rem 0;max-width:100%}
        input:not([type=checkbox]):not([type=radio]),select{display:block;width:22rem;border:1px solid #6b7380;border-radius:4px}
        button{background:#1f4fb8;color:#fff;border:0;border-radius:4px;cursor:pointer}
        button.secondary{background:#fff;color:#1f4fb8;border:1px solid #1f4fb8}
        button.link{background:none;color:#1f4fb8;padding:0;text-decoration:underline}
        :focus-visible{outline:3px solid #f0a500;outline-offset:2px}
        .table{overflow-x:auto;position:relative}table{border-collapse:collapse;width:100%}
        td,th{border-bottom:1px solid #e3e6ea;padding:.35rem;text-align:left;vertical-align:top}
        code,.secret{overflow-wrap:anywhere}
        .secret{background:#fff6d5;padding:.6rem;border-radius:4px;font-family:monospace}
        .error{color:#b00020}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
        """;

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
            <style>{{Style}}</style></head>
            <body><header><a class="brand" href="/">Tracker</a><nav aria-label="Account"><a href="/settings/profile">Profile</a> <a href="/settings/rest-api">REST API settings</a> <a href="/docs">API docs</a></nav></header>
            <main><h1>{{E(title)}}</h1>
            {{body}}
            </main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
