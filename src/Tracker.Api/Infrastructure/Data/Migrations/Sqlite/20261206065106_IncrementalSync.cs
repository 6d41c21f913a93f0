using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tracker.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IncrementalSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TimeEntries_OneRunning",
                table: "TimeEntries");

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Webhooks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "TimeEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Expenses",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "ExpenseCategories",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Existing categories were last changed when created.
            migrationBuilder.Sql("UPDATE \"ExpenseCategories\" SET \"UpdatedAt\" = \"CreatedAt\";");

            migrationBuilder.CreateIndex(
                name: "IX_Webhooks_WorkspaceId_UpdatedAt_Id",
                table: "Webhooks",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Timesheets_WorkspaceId_UpdatedAt_Id",
                table: "Timesheets",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TimeRequests_WorkspaceId_UpdatedAt_Id",
                table: "TimeRequests",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TimeEntries_OneRunning",
                table: "TimeEntries",
                columns: new[] { "WorkspaceId", "UserId" },
                unique: true,
                filter: "\"EndedAt\" IS NULL AND \"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TimeEntries_WorkspaceId_UpdatedAt_Id",
                table: "TimeEntries",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_WorkspaceId_UpdatedAt_Id",
                table: "Tasks",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Projects_WorkspaceId_UpdatedAt_Id",
                table: "Projects",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_WorkspaceId_UpdatedAt_Id",
                table: "Members",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LeaveRequests_WorkspaceId_UpdatedAt_Id",
                table: "LeaveRequests",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LeavePolicies_WorkspaceId_UpdatedAt_Id",
                table: "LeavePolicies",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Expenses_WorkspaceId_UpdatedAt_Id",
                table: "Expenses",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ExpenseCategories_WorkspaceId_UpdatedAt_Id",
                table: "ExpenseCategories",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Contracts_WorkspaceId_UpdatedAt_Id",
                table: "Contracts",
                columns: new[] { "WorkspaceId", "UpdatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Webhooks_WorkspaceId_UpdatedAt_Id",
                table: "Webhooks");

            migrationBuilder.DropIndex(
                name: "IX_Timesheets_WorkspaceId_UpdatedAt_Id",
                table: "Timesheets");

            migrationBuilder.DropIndex(
                name: "IX_TimeRequests_WorkspaceId_UpdatedAt_Id",
                table: "TimeRequests");

            migrationBuilder.DropIndex(
                name: "IX_TimeEntries_OneRunning",
                table: "TimeEntries");

            migrationBuilder.DropIndex(
                name: "IX_TimeEntries_WorkspaceId_UpdatedAt_Id",
                table: "TimeEntries");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_WorkspaceId_UpdatedAt_Id",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Projects_WorkspaceId_UpdatedAt_Id",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_Members_WorkspaceId_UpdatedAt_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_LeaveRequests_WorkspaceId_UpdatedAt_Id",
                table: "LeaveRequests");

            migrationBuilder.DropIndex(
                name: "IX_LeavePolicies_WorkspaceId_UpdatedAt_Id",
                table: "LeavePolicies");

            migrationBuilder.DropIndex(
                name: "IX_Expenses_WorkspaceId_UpdatedAt_Id",
                table: "Expenses");

            migrationBuilder.DropIndex(
                name: "IX_ExpenseCategories_WorkspaceId_UpdatedAt_Id",
                table: "ExpenseCategories");

            migrationBuilder.DropIndex(
                name: "IX_Contracts_WorkspaceId_UpdatedAt_Id",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Webhooks");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "TimeEntries");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Expenses");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "ExpenseCategories");

            migrationBuilder.CreateIndex(
                name: "IX_TimeEntries_OneRunning",
                table: "TimeEntries",
                columns: new[] { "WorkspaceId", "UserId" },
                unique: true,
                filter: "\"EndedAt\" IS NULL");
        }
    }
}
