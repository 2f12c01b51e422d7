using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics;

/// <summary>The funnel of a campaign's leads: all leads, those dialed at least once, those reached (a connected call),
/// those converted.</summary>
public sealed record CampaignFunnelDto(long Leads, long Dialed, long Connected, long Converted);

/// <summary>Calls that ended in one hour of the day, in the client's time zone.</summary>
public sealed record HourOfDayDto(int Hour, long Calls, long Connected, long Converted);

/// <summary>A campaign's report for its owner. No platform cost figure.</summary>
public sealed record CampaignReportDto(
    Guid CampaignId, string Name, string Status, CampaignFunnelDto Funnel, double ConversionRate, double ConnectRate,
    IReadOnlyDictionary<string, long> CallsByOutcome, IReadOnlyDictionary<string, long> LeadsByAttempts, long Calls,
    double? AverageDurationSeconds, long BilledSeconds, decimal MinutesUsed, decimal AmountBilled, string Currency, string TimeZone,
    IReadOnlyList<HourOfDayDto> CallsByHour, CampaignStatsDto Stats);

public sealed class CampaignReportHandler(IDbContextFactory<AppDbContext> dbs, CampaignStatsHandler statsHandler)
{
    public async Task<CampaignReportDto?> HandleAsync(Guid campaignId, CancellationToken ct)
    {
        if (await statsHandler.HandleAsync(campaignId, ct) is not { } stats) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => new { c.Name, c.Status }).FirstAsync(ct);
        var zoneId = await db.Clients.AsNoTracking().Select(c => c.TimeZone).FirstAsync(ct);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var tz) ? tz : TimeZoneInfo.Utc;
        var connectedLeads = await db.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId && c.DurationSeconds > 0).Select(c => c.LeadId).Distinct().LongCountAsync(ct);
        var attempts = await db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId).GroupBy(l => l.Attempts)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var ended = await db.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId && c.EndedAt != null)
            .Select(c => new { c.EndedAt, c.DurationSeconds, c.Outcome }).ToListAsync(ct);
        var hours = ended.GroupBy(c => TimeZoneInfo.ConvertTimeFromUtc(c.EndedAt!.Value, zone).Hour).OrderBy(g => g.Key)
            .Select(g => new HourOfDayDto(g.Key, g.LongCount(), g.LongCount(c => c.DurationSeconds > 0), g.LongCount(c => c.Outcome == CallOutcome.Converted)))
            .ToList();
        var funnel = new CampaignFunnelDto(stats.LeadsTotal, stats.LeadsCalled, connectedLeads, stats.LeadsConverted);
        return new CampaignReportDto(campaignId, campaign.Name, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(campaign.Status.ToString()), funnel,
            stats.ConversionRate, funnel.Dialed == 0 ? 0 : Math.Round((double)funnel.Connected / funnel.Dialed, 4),
            stats.CallsByOutcome, attempts.OrderBy(a => a.Key).ToDictionary(a => a.Key.ToString(), a => a.Count), stats.CallsTotal,
            stats.AverageDurationSeconds, stats.BilledSeconds, stats.MinutesUsed, stats.AmountBilled, stats.Currency, zone.Id, hours, stats);
    }
}
