using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WebhookClaimIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_status_next_attempt_at",
                table: "webhook_events");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_status_id",
                table: "webhook_events",
                columns: new[] { "status", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_status_id",
                table: "webhook_events");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_status_next_attempt_at",
                table: "webhook_events",
                columns: new[] { "status", "next_attempt_at" });
        }
    }
}
