using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CallIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_calls_campaign_id_ended_at",
                table: "calls",
                columns: new[] { "campaign_id", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_tenant_id_id",
                table: "calls",
                columns: new[] { "tenant_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_calls_campaign_id_ended_at",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_tenant_id_id",
                table: "calls");
        }
    }
}
