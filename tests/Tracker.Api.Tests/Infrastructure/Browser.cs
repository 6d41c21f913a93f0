using System.Net;
using System.Text.RegularExpressions;

namespace Tracker.Api.Tests.Infrastructure;

/// <summary>A browser on the server-rendered pages: a cookie-keeping client that fills and submits forms.</summary>
public static partial class Browser
{
    public static HttpClient New(TrackerFactory factory) => factory.ClientWith(null);

    /// <summary>Opens <paramref name="page"/>, fills its form fields with <paramref name="values"/> and posts them to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient browser, string page, string action,
        IDictionary<string, string> values)
    {
        var form = Forms.Fields(await browser.GetStringAsync(page));
        foreach (var (key, value) in values) form[key] = value;
        return await browser.PostAsync(action, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts <paramref name="values"/> to <paramref name="action"/> with a valid antiforgery token, for a page that no longer renders its form.</summary>
    public static Task<HttpResponseMessage> PostAsync(this HttpClient browser, string action, IDictionary<string, string> values) =>
        browser.SubmitAsync("/account/login", action, values);

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string email, string password) =>
        browser.SubmitAsync("/account/login", "/account/login", new Dictionary<string, string> { ["email"] = email, ["password"] = password });

    /// <summary>A new browser signed in as <paramref name="email"/>; fails the test unless the sign-in succeeded.</summary>
    public static async Task<HttpClient> SignedInAsync(TrackerFactory factory, string email, string password = TestData.Password)
    {
        var browser = New(factory);
        var response = await browser.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>True while the browser's session opens the settings page (false: redirected to sign in).</summary>
    public static async Task<bool> IsSignedInAsync(this HttpClient browser) =>
        (await browser.GetAsync("/app/settings")).StatusCode == HttpStatusCode.OK;

    /// <summary>The text of the page's error paragraph, or null.</summary>
    public static string? ErrorOf(string html) =>
        ErrorParagraph().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("<p class=\"error\"[^>]*>(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex ErrorParagraph();
}
