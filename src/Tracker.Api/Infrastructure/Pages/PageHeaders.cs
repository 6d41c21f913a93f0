using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tracker.Api.Infrastructure.Pages;

/// <summary>The headers every page gets, with its Content-Security-Policy: the app's, or the account pages'.</summary>
public static class PageHeaders
{
    /// <summary>
    /// The web app's policy (Features/App): its script (blazor.web.js) and stylesheet come from this server, its
    /// interactive parts talk to this server (fetch and WebSocket), and nothing is inline: no style attributes either.
    /// </summary>
    public const string AppPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

    /// <summary>
    /// The account and error pages' policy (<see cref="PageShell"/>): plain forms, so no script at all.
    /// </summary>
    /// <param name="formActionSource">
    /// One more source the page's forms may lead to, besides this server: only the OAuth consent page needs one (the
    /// client's redirect origin, where Allow and Deny end up).
    /// </param>
    public static string AccountPolicy(string? formActionSource) =>
        $"default-src 'none'; style-src 'self'; form-action 'self'{(formActionSource is null ? "" : " " + formActionSource)}; " +
        "frame-ancestors 'none'; base-uri 'none'";

    public static void Set(HttpContext context, string contentSecurityPolicy)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    /// <summary>
    /// An account page as the answer: its component (in <see cref="PageShell"/>) rendered on the server, with its status
    /// and the account pages' headers.
    /// </summary>
    public static IResult Page<TPage>(object parameters, int status = StatusCodes.Status200OK, string? formActionSource = null)
        where TPage : IComponent =>
        new AccountPage(new RazorComponentResult<TPage>(parameters) { StatusCode = status }, AccountPolicy(formActionSource));

    private sealed record AccountPage(RazorComponentResult Page, string Policy) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            Set(httpContext, Policy);
            return Page.ExecuteAsync(httpContext);
        }
    }
}
