using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tracker.Api.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LongEntriesByMember : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TimeEntries_LongByMember",
                table: "TimeEntries",
                columns: new[] { "WorkspaceId", "UserId", "StartedAt" },
                filter: "\"EndedAt\" IS NULL OR \"EndedAt\" - \"StartedAt\" > interval '24 hours'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TimeEntries_LongByMember",
                table: "TimeEntries");
        }
    }
}
