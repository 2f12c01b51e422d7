using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CreditEntryKindIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_credit_entries_tenant_id_kind_created_at",
                table: "credit_entries",
                columns: new[] { "tenant_id", "kind", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_credit_entries_tenant_id_kind_created_at",
                table: "credit_entries");
        }
    }
}
