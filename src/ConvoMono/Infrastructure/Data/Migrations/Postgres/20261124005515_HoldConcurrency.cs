using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HoldConcurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
