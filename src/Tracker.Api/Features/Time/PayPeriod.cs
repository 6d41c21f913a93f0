namespace Tracker.Api.Features.Time;

/// <summary>Pay periods: weekly, Monday to Sunday, in the member's zone (the contract leaves the period to settings).</summary>
public static class PayPeriod
{
    public static (DateOnly From, DateOnly To) Containing(DateOnly date)
    {
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        return (monday, monday.AddDays(6));
    }
}
