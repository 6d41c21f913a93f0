using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tracker.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InvitationExpiryAndSentNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "InvitationExpiresAt",
                table: "Members",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InvitedFirstName",
                table: "Members",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InvitedLastName",
                table: "Members",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            // Invitations pending before this version, and archived members whose account has no password (so they
            // cannot have accepted): mark them never accepted (names from the account, as shown until now). Pending
            // links expire now, since they were issued without the sign-in checks; admins invite again.
            migrationBuilder.Sql("""
                UPDATE "Members" SET "InvitationExpiresAt" = "UpdatedAt",
                    "InvitedFirstName" = (SELECT "FirstName" FROM "Users" WHERE "Users"."Id" = "Members"."UserId"),
                    "InvitedLastName" = (SELECT "LastName" FROM "Users" WHERE "Users"."Id" = "Members"."UserId")
                WHERE ("Status" = 'inactive' AND "InvitationTokenHash" IS NOT NULL)
                    OR ("DeletedAt" IS NOT NULL AND "UserId" IN (SELECT "Id" FROM "Users" WHERE "PasswordHash" IS NULL))
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InvitationExpiresAt",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "InvitedFirstName",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "InvitedLastName",
                table: "Members");
        }
    }
}
