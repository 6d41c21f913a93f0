using System.Globalization;

namespace Tracker.Api.Domain;

/// <summary>ISO 4217 codes of the currencies in use somewhere, taken from the runtime's region data (ICU).</summary>
public static class Currencies
{
    /// <summary>The one default: new contracts get it, expenses sent without one are in it, reports price rate-only rows in it.</summary>
    public const string Default = "USD";

    private static readonly HashSet<string> Known = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .Where(code => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper))
        .Select(code => code!)
        .Append(Default).Append("EUR")
        .ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string code) => Known.Contains(code);
}
