using System.Text;
using static Tracker.Api.Infrastructure.Pages.HtmlPage;

namespace Tracker.Api.Infrastructure.Pages;

/// <summary>An error a person meets in the browser (unknown page, expired form, bad input, throttling) as a page.</summary>
public static class ErrorPage
{
    public static IResult Render(HttpContext context, int status, string message, IReadOnlyDictionary<string, string[]>? errors)
    {
        var body = new StringBuilder($"<p class=\"error\">{E(message)}</p>");
        if (errors is { Count: > 0 })
        {
            body.Append("<ul>");
            foreach (var line in errors.Values.SelectMany(v => v).Where(v => v != message).Distinct()) body.Append($"<li>{E(line)}</li>");
            body.Append("</ul>");
        }
        body.Append("<p><a href=\"/\">Back to Tracker</a></p>");
        return HtmlPage.Render(context, Title(status), body.ToString(), status);
    }

    private static string Title(int status) => status switch
    {
        400 => "Something was wrong with that request",
        401 => "Please sign in",
        403 => "Not allowed",
        404 => "Page not found",
        405 => "Not allowed here",
        413 => "Too large",
        422 => "Please check what you entered",
        429 => "Too many attempts",
        _ => "Something went wrong",
    };
}
