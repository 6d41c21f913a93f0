using Npgsql;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Tests.Platform;

public class PostgresDefaultsTests
{
    [Fact]
    public void Auto_prepare_and_no_reset_are_added_unless_the_connection_string_sets_them()
    {
        var added = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults("Host=db;Database=tracker"));
        Assert.Equal(64, added.MaxAutoPrepare);
        Assert.True(added.NoResetOnClose);
        Assert.Equal("db", added.Host);

        // An operator behind an old PgBouncer turns auto-prepare off: that choice is kept.
        var kept = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults("Host=db;Max Auto Prepare=0;No Reset On Close=false"));
        Assert.Equal(0, kept.MaxAutoPrepare);
        Assert.False(kept.NoResetOnClose);
    }
}
