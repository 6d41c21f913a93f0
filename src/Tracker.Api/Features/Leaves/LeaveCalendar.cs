using System.Globalization;
using Tracker.Api.Domain;

namespace Tracker.Api.Features.Leaves;

/// <summary>
/// Calendar arithmetic for leave. Dates are the member's local calendar: a Monday in Auckland is a working day
/// even though it starts on Sunday in UTC. Working days are Monday to Friday; public holidays are not modelled.
/// </summary>
public static class LeaveCalendar
{
    public static IEnumerable<DateOnly> WorkingDays(DateOnly start, DateOnly end)
    {
        for (var d = start; d <= end; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) yield return d;
    }

    /// <summary>Thousandths of the policy's unit the request takes from each calendar year's balance.</summary>
    public static Dictionary<int, long> UsePerYear(LeaveRequest leave, LeavePolicy policy)
    {
        var perDay = policy.TimeUnit == LeaveTimeUnits.Hours
            ? ToThousandths(leave.HoursPerDay ?? 0)
            : leave.LeavePeriod == 0 ? 1000 : 500;
        return WorkingDays(leave.StartDate, leave.EndDate)
            .GroupBy(d => d.Year)
            .ToDictionary(g => g.Key, g => g.Count() * perDay);
    }

    public static long ToThousandths(decimal units) => (long)decimal.Round(units * 1000m);

    public static decimal FromThousandths(long value) => value / 1000m;

    /// <summary>"10 days", "1 day", "-2.5 days", "12 hours".</summary>
    public static string Describe(decimal amount, string unit)
    {
        var singular = unit == LeaveTimeUnits.Hours ? "hour" : "day";
        return $"{Number(amount)} {(amount == 1 ? singular : singular + "s")}";
    }

    /// <summary>A decimal without trailing zeros, invariant culture ("8", "7.5").</summary>
    public static string Number(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
