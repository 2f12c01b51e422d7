using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Campaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "knowledge_bases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    retell_knowledge_base_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    sync_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_check_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_bases", x => x.id);
                    table.ForeignKey(
                        name: "fk_knowledge_bases_clients_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "phone_numbers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    nickname = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    country_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    area_code = table.Column<int>(type: "INTEGER", nullable: true),
                    monthly_cost = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    twilio_sid = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    termination_uri = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    client_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    assigned_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    acquired_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    released_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_phone_numbers", x => x.id);
                    table.ForeignKey(
                        name: "fk_phone_numbers_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_sources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    knowledge_base_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_sources", x => x.id);
                    table.ForeignKey(
                        name: "fk_knowledge_sources_knowledge_bases_knowledge_base_id",
                        column: x => x.knowledge_base_id,
                        principalTable: "knowledge_bases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "campaigns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    general_prompt = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    begin_message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    voice_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    voice_speed = table.Column<double>(type: "REAL", nullable: false),
                    voice_temperature = table.Column<double>(type: "REAL", nullable: false),
                    responsiveness = table.Column<double>(type: "REAL", nullable: false),
                    interruption_sensitivity = table.Column<double>(type: "REAL", nullable: false),
                    enable_backchannel = table.Column<bool>(type: "INTEGER", nullable: false),
                    ambient_sound = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    voicemail_action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    voicemail_message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    max_call_duration_seconds = table.Column<int>(type: "INTEGER", nullable: false),
                    window_start = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    window_end = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    calling_days = table.Column<string>(type: "TEXT", nullable: false),
                    retry_max_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    retry_delay_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    retry_on = table.Column<string>(type: "TEXT", nullable: false),
                    concurrency = table.Column<int>(type: "INTEGER", nullable: false),
                    success_criteria = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    analysis_fields = table.Column<string>(type: "TEXT", nullable: false),
                    knowledge_base_ids = table.Column<string>(type: "TEXT", nullable: false),
                    phone_number_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    variables = table.Column<string>(type: "TEXT", nullable: false),
                    default_variables = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    pause_reason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    start_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    start_time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    retell_llm_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    retell_agent_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    sync_status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    sync_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    synced_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    config_version = table.Column<int>(type: "INTEGER", nullable: false),
                    synced_version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    archived_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaigns", x => x.id);
                    table.ForeignKey(
                        name: "fk_campaigns_clients_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_campaigns_phone_numbers_phone_number_id",
                        column: x => x.phone_number_id,
                        principalTable: "phone_numbers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "phone_number_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    phone_number_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    client_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    monthly_cost = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    from_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    to_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_phone_number_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_phone_number_assignments_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_phone_number_assignments_phone_numbers_phone_number_id",
                        column: x => x.phone_number_id,
                        principalTable: "phone_numbers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_phone_number_id",
                table: "campaigns",
                column: "phone_number_id");

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_tenant_id_status",
                table: "campaigns",
                columns: new[] { "tenant_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_bases_status_next_check_at",
                table: "knowledge_bases",
                columns: new[] { "status", "next_check_at" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_bases_tenant_id",
                table: "knowledge_bases",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_sources_knowledge_base_id",
                table: "knowledge_sources",
                column: "knowledge_base_id");

            migrationBuilder.CreateIndex(
                name: "ix_phone_number_assignments_client_id_from_at",
                table: "phone_number_assignments",
                columns: new[] { "client_id", "from_at" });

            migrationBuilder.CreateIndex(
                name: "ix_phone_number_assignments_phone_number_id_from_at",
                table: "phone_number_assignments",
                columns: new[] { "phone_number_id", "from_at" });

            migrationBuilder.CreateIndex(
                name: "ix_phone_numbers_client_id",
                table: "phone_numbers",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_phone_numbers_number",
                table: "phone_numbers",
                column: "number",
                unique: true,
                filter: "status <> 'Released'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "campaigns");

            migrationBuilder.DropTable(
                name: "knowledge_sources");

            migrationBuilder.DropTable(
                name: "phone_number_assignments");

            migrationBuilder.DropTable(
                name: "knowledge_bases");

            migrationBuilder.DropTable(
                name: "phone_numbers");
        }
    }
}
