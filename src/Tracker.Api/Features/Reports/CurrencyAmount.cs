using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Tracker.Api.Features.Reports;

/// <summary>
/// The <c>total_amount</c> of one report row: at most one currency, serialised like a dictionary
/// (<c>{"USD": 71.33}</c> or <c>{}</c>). A month report has tens of thousands of rows, and a
/// <see cref="Dictionary{TKey,TValue}"/> each was a third of what the report allocated and kept until it was written.
/// </summary>
public sealed class CurrencyAmount : IReadOnlyDictionary<string, decimal>
{
    /// <summary>No amount: the row's currency was filtered out.</summary>
    public static readonly CurrencyAmount None = new(null, 0m);

    private CurrencyAmount(string? currency, decimal amount) => (Currency, Amount) = (currency, amount);

    public static CurrencyAmount Of(string currency, decimal amount) => new(currency, amount);

    /// <summary>The currency, or null for <see cref="None"/>; totals read it directly rather than enumerate.</summary>
    public string? Currency { get; }
    public decimal Amount { get; }

    public int Count => Currency is null ? 0 : 1;
    public decimal this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
    public IEnumerable<string> Keys => Currency is null ? [] : [Currency];
    public IEnumerable<decimal> Values => Currency is null ? [] : [Amount];
    public bool ContainsKey(string key) => Currency is not null && key == Currency;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out decimal value)
    {
        var found = ContainsKey(key);
        value = found ? Amount : 0m;
        return found;
    }

    public IEnumerator<KeyValuePair<string, decimal>> GetEnumerator()
    {
        if (Currency is not null) yield return new(Currency, Amount);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
