using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Postgres
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    retell_knowledge_base_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    sync_attempts = table.Column<int>(type: "integer", nullable: false),
                    next_check_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    provider = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    nickname = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    area_code = table.Column<int>(type: "integer", nullable: true),
                    monthly_cost = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    twilio_sid = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    termination_uri = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    assigned_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    acquired_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    released_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    knowledge_base_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    content_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    general_prompt = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    begin_message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    voice_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    voice_speed = table.Column<double>(type: "double precision", nullable: false),
                    voice_temperature = table.Column<double>(type: "double precision", nullable: false),
                    responsiveness = table.Column<double>(type: "double precision", nullable: false),
                    interruption_sensitivity = table.Column<double>(type: "double precision", nullable: false),
                    enable_backchannel = table.Column<bool>(type: "boolean", nullable: false),
                    ambient_sound = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    voicemail_action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    voicemail_message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    max_call_duration_seconds = table.Column<int>(type: "integer", nullable: false),
                    window_start = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    window_end = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    calling_days = table.Column<List<string>>(type: "text[]", nullable: false),
                    retry_max_attempts = table.Column<int>(type: "integer", nullable: false),
                    retry_delay_minutes = table.Column<int>(type: "integer", nullable: false),
                    retry_on = table.Column<List<string>>(type: "text[]", nullable: false),
                    concurrency = table.Column<int>(type: "integer", nullable: false),
                    success_criteria = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    analysis_fields = table.Column<string>(type: "text", nullable: false),
                    knowledge_base_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    phone_number_id = table.Column<Guid>(type: "uuid", nullable: true),
                    variables = table.Column<List<string>>(type: "text[]", nullable: false),
                    default_variables = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    pause_reason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    start_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    start_time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    retell_llm_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    retell_agent_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    sync_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sync_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    synced_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    config_version = table.Column<int>(type: "integer", nullable: false),
                    synced_version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    archived_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    phone_number_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    monthly_cost = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    from_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    to_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
