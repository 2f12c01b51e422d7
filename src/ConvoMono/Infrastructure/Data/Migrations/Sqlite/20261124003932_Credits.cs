using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Sqlite
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
                type: "TEXT",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "hold_id",
                table: "credit_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "credit_entries",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "retell_call_id",
                table: "credit_entries",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "client_credits",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    balance_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    held_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    low_balance_threshold_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    campaign_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    remaining_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    from_reservation = table.Column<bool>(type: "INTEGER", nullable: false),
                    closed = table.Column<bool>(type: "INTEGER", nullable: false),
                    retell_call_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    billed_seconds = table.Column<long>(type: "INTEGER", nullable: true),
                    billed_amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
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
