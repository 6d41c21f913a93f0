using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Tests.Conformance;

/// <summary>
/// The API's text does not follow the host's locale: under a Buddhist-calendar culture (th-TH, the year 2569) every
/// date it writes is still the Gregorian one the contract shows.
/// </summary>
public class CultureTests
{
    [Fact]
    public void The_envelope_timestamp_is_gregorian_whatever_the_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("th-TH");
        try
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 9, 30, 0, TimeSpan.Zero));
            Assert.Equal("2026-02-01T09:30:00Z", Meta.At(clock).Timestamp);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
