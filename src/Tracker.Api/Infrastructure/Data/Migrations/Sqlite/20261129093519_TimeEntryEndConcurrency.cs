using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tracker.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TimeEntryEndConcurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Model only: TimeEntries.EndedAt became a concurrency token (no schema change); this keeps the snapshot in step.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
