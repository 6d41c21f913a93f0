using System.Text.RegularExpressions;

namespace Tracker.Api.Tests.Infrastructure;

/// <summary>Reads the fields of the first form on a server-rendered page, as a browser would submit them.</summary>
public static partial class Forms
{
    public static Dictionary<string, string> Fields(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in InputTag().Matches(html))
        {
            var name = Attr(m.Value, "name");
            if (name is not null && !fields.ContainsKey(name)) fields[name] = System.Net.WebUtility.HtmlDecode(Attr(m.Value, "value") ?? "");
        }
        return fields;
    }

    private static string? Attr(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();
}
