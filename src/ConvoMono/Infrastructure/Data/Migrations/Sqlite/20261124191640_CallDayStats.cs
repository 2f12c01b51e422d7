using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CallDayStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_day_stats",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    campaign_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    calls = table.Column<long>(type: "INTEGER", nullable: false),
                    connected = table.Column<long>(type: "INTEGER", nullable: false),
                    converted = table.Column<long>(type: "INTEGER", nullable: false),
                    not_converted = table.Column<long>(type: "INTEGER", nullable: false),
                    no_answer = table.Column<long>(type: "INTEGER", nullable: false),
                    busy = table.Column<long>(type: "INTEGER", nullable: false),
                    voicemail = table.Column<long>(type: "INTEGER", nullable: false),
                    failed = table.Column<long>(type: "INTEGER", nullable: false),
                    duration_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    billed_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    billed_micros = table.Column<long>(type: "INTEGER", nullable: false),
                    retell_cost_micros = table.Column<long>(type: "INTEGER", nullable: false),
                    costed_calls = table.Column<long>(type: "INTEGER", nullable: false),
                    costed_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    analyzed = table.Column<long>(type: "INTEGER", nullable: false),
                    successful = table.Column<long>(type: "INTEGER", nullable: false),
                    positive_sentiment = table.Column<long>(type: "INTEGER", nullable: false),
                    neutral_sentiment = table.Column<long>(type: "INTEGER", nullable: false),
                    negative_sentiment = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_day_stats", x => new { x.tenant_id, x.campaign_id, x.day });
                });

            migrationBuilder.CreateIndex(
                name: "ix_call_day_stats_day",
                table: "call_day_stats",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_call_day_stats_tenant_id_day",
                table: "call_day_stats",
                columns: new[] { "tenant_id", "day" });

            // Calls that ended before the rollup existed (same sums as CallStatsDelta.Of).
            migrationBuilder.Sql(@"
INSERT INTO call_day_stats (tenant_id, campaign_id, day, calls, connected, converted, not_converted, no_answer, busy, voicemail, failed, duration_seconds, billed_seconds, billed_micros, retell_cost_micros, costed_calls, costed_seconds, analyzed, successful, positive_sentiment, neutral_sentiment, negative_sentiment)
SELECT tenant_id, campaign_id, substr(ended_at, 1, 10), COUNT(*), SUM(CASE WHEN COALESCE(duration_seconds, 0) > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN outcome = 'Converted' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'NotConverted' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'NoAnswer' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'Busy' THEN 1 ELSE 0 END),
  SUM(CASE WHEN outcome = 'Voicemail' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'Failed' THEN 1 ELSE 0 END), SUM(MAX(COALESCE(duration_seconds, 0), 0)), SUM(COALESCE(billed_seconds, 0)),
  SUM(CAST(ROUND(CAST(COALESCE(billed_amount, 0) AS REAL) * 1000000) AS INTEGER)), SUM(CAST(ROUND(CAST(COALESCE(retell_cost, 0) AS REAL) * 1000000) AS INTEGER)), SUM(CASE WHEN retell_cost IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN retell_cost IS NOT NULL THEN MAX(COALESCE(duration_seconds, 0), 0) ELSE 0 END),
  SUM(CASE WHEN analyzed_at IS NOT NULL OR sentiment IS NOT NULL OR successful IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN successful = 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN LOWER(sentiment) = 'positive' THEN 1 ELSE 0 END), SUM(CASE WHEN LOWER(sentiment) = 'neutral' THEN 1 ELSE 0 END), SUM(CASE WHEN LOWER(sentiment) = 'negative' THEN 1 ELSE 0 END)
FROM calls WHERE status IN ('Ended', 'Analyzed') AND ended_at IS NOT NULL
GROUP BY tenant_id, campaign_id, substr(ended_at, 1, 10)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_day_stats");
        }
    }
}
