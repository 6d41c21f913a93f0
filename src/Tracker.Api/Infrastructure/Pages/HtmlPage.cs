using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Tracker.Api.Infrastructure.Pages;

/// <summary>
/// The account pages' one layout (sign-in, invitation, consent, errors, settings), with the security headers every
/// page gets. They look like the app: its stylesheet (wwwroot/app.css) plus account.css, from this server, no inline style.
/// </summary>
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
        $"<div class=\"table-wrap\" role=\"region\" aria-label=\"{E(label)}\" tabindex=\"0\"><table>{rows}</table></div>";

    /// <param name="formActionSource">
    /// One more CSP source the page's forms may lead to, besides this server: only the OAuth consent page needs
    /// one (the client's redirect origin, where Allow and Deny end up).
    /// </param>
    public static IResult Render(HttpContext context, string title, string body, int status = 200, string? formActionSource = null)
    {
        var formAction = formActionSource is null ? "'self'" : "'self' " + formActionSource;
        SecurityHeaders(context, $"default-src 'none'; style-src 'self'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'");
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · Tracker</title>
            <link rel="stylesheet" href="/app.css"><link rel="stylesheet" href="/account.css"></head>
            <body><a class="skip" href="#main">Skip to content</a>
            <header class="top"><a class="brand" href="/app">Tracker</a><nav aria-label="Account"><ul><li><a href="/app">App</a></li><li><a href="/settings/profile">Profile</a></li><li><a href="/settings/rest-api">REST API settings</a></li><li><a href="/docs">API docs</a></li></ul></nav></header>
            <main id="main" class="page"><h1>{{E(title)}}</h1>
            {{body}}
            </main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
