namespace Tracker.Api.Features.Reports;

/// <summary>
/// The amount of one report row: at most one currency. <see cref="Currency"/> is null when the row's currency was
/// filtered out (its <c>total_amount</c> is <c>{}</c>). A value, not an object: a month report has tens of thousands
/// of rows.
/// </summary>
public readonly record struct CurrencyAmount(string? Currency, decimal Amount)
{
    /// <summary>No amount: the row's currency was filtered out.</summary>
    public static readonly CurrencyAmount None = default;
}
