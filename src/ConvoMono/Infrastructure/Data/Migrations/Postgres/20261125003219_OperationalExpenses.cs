using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OperationalExpenses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analytics_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    cost_drift_threshold_per_minute = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "operational_expenses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    monthly_amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    first_month = table.Column<DateOnly>(type: "date", nullable: false),
                    last_month = table.Column<DateOnly>(type: "date", nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operational_expenses", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_status_processed_at",
                table: "webhook_events",
                columns: new[] { "status", "processed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_started_at",
                table: "calls",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_operational_expenses_first_month",
                table: "operational_expenses",
                column: "first_month");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "analytics_settings");

            migrationBuilder.DropTable(
                name: "operational_expenses");

            migrationBuilder.DropIndex(
                name: "ix_webhook_events_status_processed_at",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "ix_calls_started_at",
                table: "calls");
        }
    }
}
