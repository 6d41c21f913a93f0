namespace Tracker.Api.Infrastructure.Http;

public static class Decimals
{
    /// <summary>Drops trailing zeros the database scale adds (20.0000 → 20), so amounts read as clients sent them.</summary>
    public static decimal Trim(decimal value) => value / 1.000000000000000000000000000000000m;
}
