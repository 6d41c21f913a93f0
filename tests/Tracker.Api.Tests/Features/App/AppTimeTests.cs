using Tracker.Api.Features.App;

namespace Tracker.Api.Tests.Features.App;

/// <summary>The app's local times as the API's UTC fields (time.md 1), across a zone's offset and its skipped hour.</summary>
public class AppTimeTests
{
    private static readonly TimeZoneInfo Berlin = AppTime.Zone("Europe/Berlin");

    [Fact]
    public void Local_times_become_the_APIs_UTC_date_and_time()
    {
        Assert.Equal(("2026-01-05", "08:30"), AppTime.ToApi(new DateOnly(2026, 1, 5), "09:30", Berlin));
        Assert.Equal(("2026-01-04", "23:30"), AppTime.ToApi(new DateOnly(2026, 1, 5), "00:30", Berlin)); // the UTC day before
        Assert.Equal(("2026-07-06", "07:30"), AppTime.ToApi(new DateOnly(2026, 7, 6), "09:30", Berlin)); // summer time
    }

    [Fact]
    public void A_skipped_or_malformed_time_is_no_time()
    {
        Assert.Null(AppTime.ToApi(new DateOnly(2026, 3, 29), "02:30", Berlin)); // clocks jump 02:00 → 03:00
        Assert.Null(AppTime.Instant(new DateOnly(2026, 1, 5), "9:3", Berlin));
        Assert.Equal(TimeZoneInfo.Utc, AppTime.Zone("Not/AZone"));
        Assert.Equal(new DateOnly(2026, 1, 5), AppTime.Monday(new DateOnly(2026, 1, 11)));
        Assert.Equal("1:05", AppTime.Duration(65));
    }
}
