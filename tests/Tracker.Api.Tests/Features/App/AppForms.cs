using System.Net;
using System.Text.RegularExpressions;

namespace Tracker.Api.Tests.Features.App;

/// <summary>Posts a form of an app page as the browser would: its antiforgery token, its handler name, its fields.</summary>
public static partial class AppForms
{
    public static async Task<HttpResponseMessage> PostAsync(this HttpClient browser, string page, string handler, IDictionary<string, string> fields)
    {
        var html = await browser.GetStringAsync(page);
        Assert.Contains($"name=\"_handler\" value=\"{handler}\"", html); // the page shows this form
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value),
        };
        return await browser.PostAsync(page, new FormUrlEncodedContent(form));
    }

    /// <summary>The page's text without tags, to assert what a person reads.</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(Spaces().Replace(Tags().Replace(html, " "), " "));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
