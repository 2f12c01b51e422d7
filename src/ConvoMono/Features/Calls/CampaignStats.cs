using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Calls;

/// <summary>A campaign's progress and results. <c>progress</c> is the share of leads that are final;
/// <c>conversion_rate</c> is converted leads over leads called at least once.</summary>
public sealed record CampaignStatsDto(
    Guid CampaignId, long LeadsTotal, IReadOnlyDictionary<string, long> LeadsByStatus, long CallsTotal, long CallsInProgress,
    IReadOnlyDictionary<string, long> CallsByOutcome, long LeadsCalled, long LeadsConverted, double ConversionRate, long BilledSeconds,
    decimal MinutesUsed, decimal AmountBilled, string Currency, double Progress, double? AverageDurationSeconds, DateTime? LastCallAt);

public sealed class CampaignStatsHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<CampaignStatsDto?> HandleAsync(Guid campaignId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct)) return null;
        var leads = await db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId)
            .GroupBy(l => new { l.Status, Called = l.Attempts > 0 })
            .Select(g => new { g.Key.Status, g.Key.Called, Count = g.LongCount() }).ToListAsync(ct);
        var calls = await db.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId)
            .GroupBy(c => new { c.Status, c.Outcome })
            .Select(g => new
            {
                g.Key.Status, g.Key.Outcome, Count = g.LongCount(), Billed = g.Sum(c => c.BilledSeconds ?? 0), Amount = g.Sum(c => c.BilledAmount ?? 0),
                Duration = g.Sum(c => (long)(c.DurationSeconds ?? 0)), Connected = g.LongCount(c => c.DurationSeconds > 0), Last = g.Max(c => c.EndedAt),
            }).ToListAsync(ct);
        var currency = await db.Clients.AsNoTracking().Select(c => c.Currency).FirstAsync(ct);

        var total = leads.Sum(l => l.Count);
        var final = leads.Where(l => Lead.IsFinal(l.Status)).Sum(l => l.Count);
        var called = leads.Where(l => l.Called).Sum(l => l.Count);
        var converted = leads.Where(l => l.Status == LeadStatus.Converted).Sum(l => l.Count);
        var billed = calls.Sum(c => c.Billed);
        var connected = calls.Sum(c => c.Connected);
        return new CampaignStatsDto(
            campaignId, total,
            leads.GroupBy(l => Snake(l.Status.ToString())).ToDictionary(g => g.Key, g => g.Sum(x => x.Count)),
            calls.Sum(c => c.Count), calls.Where(c => CallDispatcherStatuses.Live.Contains(c.Status)).Sum(c => c.Count),
            calls.Where(c => c.Outcome is not null).GroupBy(c => Snake(c.Outcome!.Value.ToString())).ToDictionary(g => g.Key, g => g.Sum(x => x.Count)),
            called, converted, called == 0 ? 0 : Math.Round((double)converted / called, 4), billed, Pricing.Minutes(billed),
            calls.Sum(c => c.Amount), currency, total == 0 ? 0 : Math.Round((double)final / total, 4),
            connected == 0 ? null : Math.Round((double)calls.Sum(c => c.Duration) / connected, 1), calls.Max(c => c.Last));
    }

    private static string Snake(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}

public static class CallDispatcherStatuses
{
    public static readonly CallStatus[] Live = [CallStatus.Dispatching, CallStatus.Queued, CallStatus.Registered, CallStatus.Ongoing];
}
