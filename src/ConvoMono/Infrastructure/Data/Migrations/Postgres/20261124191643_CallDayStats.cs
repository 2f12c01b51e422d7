using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConvoMono.Infrastructure.Data.Migrations.Postgres
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
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    calls = table.Column<long>(type: "bigint", nullable: false),
                    connected = table.Column<long>(type: "bigint", nullable: false),
                    converted = table.Column<long>(type: "bigint", nullable: false),
                    not_converted = table.Column<long>(type: "bigint", nullable: false),
                    no_answer = table.Column<long>(type: "bigint", nullable: false),
                    busy = table.Column<long>(type: "bigint", nullable: false),
                    voicemail = table.Column<long>(type: "bigint", nullable: false),
                    failed = table.Column<long>(type: "bigint", nullable: false),
                    duration_seconds = table.Column<long>(type: "bigint", nullable: false),
                    billed_seconds = table.Column<long>(type: "bigint", nullable: false),
                    billed_micros = table.Column<long>(type: "bigint", nullable: false),
                    retell_cost_micros = table.Column<long>(type: "bigint", nullable: false),
                    costed_calls = table.Column<long>(type: "bigint", nullable: false),
                    costed_seconds = table.Column<long>(type: "bigint", nullable: false),
                    analyzed = table.Column<long>(type: "bigint", nullable: false),
                    successful = table.Column<long>(type: "bigint", nullable: false),
                    positive_sentiment = table.Column<long>(type: "bigint", nullable: false),
                    neutral_sentiment = table.Column<long>(type: "bigint", nullable: false),
                    negative_sentiment = table.Column<long>(type: "bigint", nullable: false)
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
SELECT tenant_id, campaign_id, (ended_at AT TIME ZONE 'UTC')::date, COUNT(*), SUM(CASE WHEN COALESCE(duration_seconds, 0) > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN outcome = 'Converted' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'NotConverted' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'NoAnswer' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'Busy' THEN 1 ELSE 0 END),
  SUM(CASE WHEN outcome = 'Voicemail' THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = 'Failed' THEN 1 ELSE 0 END), SUM(GREATEST(COALESCE(duration_seconds, 0), 0)), SUM(COALESCE(billed_seconds, 0)),
  SUM(ROUND(COALESCE(billed_amount, 0) * 1000000)::bigint), SUM(ROUND(COALESCE(retell_cost, 0) * 1000000)::bigint), SUM(CASE WHEN retell_cost IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN retell_cost IS NOT NULL THEN GREATEST(COALESCE(duration_seconds, 0), 0) ELSE 0 END),
  SUM(CASE WHEN analyzed_at IS NOT NULL OR sentiment IS NOT NULL OR successful IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN successful THEN 1 ELSE 0 END),
  SUM(CASE WHEN LOWER(sentiment) = 'positive' THEN 1 ELSE 0 END), SUM(CASE WHEN LOWER(sentiment) = 'neutral' THEN 1 ELSE 0 END), SUM(CASE WHEN LOWER(sentiment) = 'negative' THEN 1 ELSE 0 END)
FROM calls WHERE status IN ('Ended', 'Analyzed') AND ended_at IS NOT NULL
GROUP BY tenant_id, campaign_id, (ended_at AT TIME ZONE 'UTC')::date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_day_stats");
        }
    }
}
