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

    private readonly string? _currency;
    private readonly decimal _amount;

    private CurrencyAmount(string? currency, decimal amount) => (_currency, _amount) = (currency, amount);

    public static CurrencyAmount Of(string currency, decimal amount) => new(currency, amount);

    public int Count => _currency is null ? 0 : 1;
    public decimal this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
    public IEnumerable<string> Keys => _currency is null ? [] : [_currency];
    public IEnumerable<decimal> Values => _currency is null ? [] : [_amount];
    public bool ContainsKey(string key) => _currency is not null && key == _currency;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out decimal value)
    {
        var found = ContainsKey(key);
        value = found ? _amount : 0m;
        return found;
    }

    public IEnumerator<KeyValuePair<string, decimal>> GetEnumerator()
    {
        if (_currency is not null) yield return new(_currency, _amount);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
