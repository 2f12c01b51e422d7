using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Calls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "dispatch_failures",
                table: "campaigns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "dispatch_lease_until",
                table: "campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "dispatch_owner",
                table: "campaigns",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "finished_at",
                table: "campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "launched_at",
                table: "campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "resumed_at",
                table: "campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    wave_id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_call_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    retell_call_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    disconnection_reason = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    to_number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    from_number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    max_duration_seconds = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    dispatched_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    analyzed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    duration_seconds = table.Column<int>(type: "integer", nullable: true),
                    billed_seconds = table.Column<long>(type: "bigint", nullable: true),
                    billed_amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    retell_cost = table.Column<decimal>(type: "numeric(19,6)", precision: 19, scale: 6, nullable: true),
                    cost_breakdown = table.Column<string>(type: "text", nullable: false),
                    transcript = table.Column<string>(type: "text", nullable: true),
                    recording_url = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    sentiment = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    successful = table.Column<bool>(type: "boolean", nullable: true),
                    analysis = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calls", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calls_campaign_id_status",
                table: "calls",
                columns: new[] { "campaign_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_lead_id_attempt",
                table: "calls",
                columns: new[] { "lead_id", "attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_retell_call_id",
                table: "calls",
                column: "retell_call_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calls_status_updated_at",
                table: "calls",
                columns: new[] { "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_tenant_id_created_at",
                table: "calls",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_wave_id",
                table: "calls",
                column: "wave_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calls");

            migrationBuilder.DropColumn(
                name: "dispatch_failures",
                table: "campaigns");

            migrationBuilder.DropColumn(
                name: "dispatch_lease_until",
                table: "campaigns");

            migrationBuilder.DropColumn(
                name: "dispatch_owner",
                table: "campaigns");

            migrationBuilder.DropColumn(
                name: "finished_at",
                table: "campaigns");

            migrationBuilder.DropColumn(
                name: "launched_at",
                table: "campaigns");

            migrationBuilder.DropColumn(
                name: "resumed_at",
                table: "campaigns");
        }
    }
}
