using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Credits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "billed_amount",
                table: "credit_entries",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "hold_id",
                table: "credit_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "credit_entries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "retell_call_id",
                table: "credit_entries",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "client_credits",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    balance_seconds = table.Column<long>(type: "bigint", nullable: false),
                    held_seconds = table.Column<long>(type: "bigint", nullable: false),
                    low_balance_threshold_seconds = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_credits", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_client_credits_clients_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "credit_holds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: true),
                    seconds = table.Column<long>(type: "bigint", nullable: false),
                    remaining_seconds = table.Column<long>(type: "bigint", nullable: false),
                    from_reservation = table.Column<bool>(type: "boolean", nullable: false),
                    closed = table.Column<bool>(type: "boolean", nullable: false),
                    retell_call_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    billed_seconds = table.Column<long>(type: "bigint", nullable: true),
                    billed_amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_holds", x => x.id);
                    table.ForeignKey(
                        name: "fk_credit_holds_clients_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_entries_tenant_id_idempotency_key",
                table: "credit_entries",
                columns: new[] { "tenant_id", "idempotency_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_credit_holds_tenant_id_campaign_id",
                table: "credit_holds",
                columns: new[] { "tenant_id", "campaign_id" });

            migrationBuilder.CreateIndex(
                name: "ix_credit_holds_tenant_id_key",
                table: "credit_holds",
                columns: new[] { "tenant_id", "key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_credits");

            migrationBuilder.DropTable(
                name: "credit_holds");

            migrationBuilder.DropIndex(
                name: "ix_credit_entries_tenant_id_idempotency_key",
                table: "credit_entries");

            migrationBuilder.DropColumn(
                name: "billed_amount",
                table: "credit_entries");

            migrationBuilder.DropColumn(
                name: "hold_id",
                table: "credit_entries");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "credit_entries");

            migrationBuilder.DropColumn(
                name: "retell_call_id",
                table: "credit_entries");
        }
    }
}
