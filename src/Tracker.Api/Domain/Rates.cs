namespace Tracker.Api.Domain;

/// <summary>
/// The hourly rate of tracked time, one rule for reports and timesheets: a contract's rate type picks its custom rate
/// (1, else the member's), the member's rate (2) or the project's (3); time without a contract is paid at the member's
/// rate. The currency is the contract's, else <see cref="Currencies.Default"/>.
/// </summary>
public static class Rates
{
    public sealed record ContractTerms(decimal? Rate, int? RateType, string? Currency);

    public static (decimal Rate, string Currency) Hourly(ContractTerms? contract, decimal? memberRate, decimal? projectRate)
    {
        if (contract is null) return (memberRate ?? 0m, Currencies.Default);
        var rate = contract.RateType switch { 2 => memberRate, 3 => projectRate, _ => contract.Rate ?? memberRate };
        return (rate ?? 0m, string.IsNullOrWhiteSpace(contract.Currency) ? Currencies.Default : contract.Currency.ToUpperInvariant());
    }

    /// <summary>The money of <paramref name="minutes"/> at an hourly rate, to the cent (the displayed minutes, so the two agree).</summary>
    public static decimal Amount(decimal hourlyRate, long minutes) => Math.Round(hourlyRate * minutes / 60m, 2, MidpointRounding.AwayFromZero);
}
