using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tracker.Api.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Imports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImportFingerprint",
                table: "TimeEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_TimeEntries_WorkspaceId_ImportFingerprint",
                table: "TimeEntries",
                columns: new[] { "WorkspaceId", "ImportFingerprint" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TimeEntries_WorkspaceId_ImportFingerprint",
                table: "TimeEntries");

            migrationBuilder.DropColumn(
                name: "ImportFingerprint",
                table: "TimeEntries");
        }
    }
}
