namespace Tracker.Api.Features.Reports;

/// <summary>
/// One sum of report rows: minutes, and amounts per currency (a row has at most one) with currencies in ordinal order,
/// so the same data answers the same JSON whatever order its rows were read in.
/// </summary>
internal sealed class ReportTally
{
    private SortedDictionary<string, decimal>? _amounts;
    public int Minutes { get; private set; }

    public void Add(int minutes, CurrencyAmount? amount)
    {
        Minutes += minutes;
        if (amount?.Currency is not { } currency) return;
        _amounts ??= new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        _amounts[currency] = _amounts.GetValueOrDefault(currency) + amount.Value.Amount;
    }

    /// <summary>Null when rates are hidden.</summary>
    public Dictionary<string, decimal>? Amounts(bool visible) => visible ? new Dictionary<string, decimal>(_amounts ?? []) : null;
}
