using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.Launch;

public sealed record LaunchProblem(string Code, string Message);

public sealed record LaunchSkipped(long DoNotCall, long OutsideWindowToday, long AlreadyFinal);

public sealed record LaunchNumber(Guid Id, string PhoneNumber);

/// <summary>What a launch would do right now, without doing it.</summary>
public sealed record LaunchPreviewDto(
    Guid CampaignId, long LeadsTotal, long LeadsToCall, long LeadsLater, LaunchSkipped Skipped,
    int EstimatedSecondsPerCall, long EstimatedSeconds, decimal EstimatedMinutes, long CreditToReserveSeconds, decimal CreditToReserveMinutes,
    long AvailableSeconds, bool CreditSufficient, LaunchNumber? PhoneNumber, int Concurrency, DateTime? ExpectedFinishAt,
    IReadOnlyList<LaunchProblem> Problems);

/// <summary>The pre-launch dry run: leads to call today, leads skipped by reason, the credit a launch would reserve and
/// whether it is there, the number calls come from, and when the campaign should finish at its concurrency.</summary>
public sealed class LaunchPreviewHandler(IDbContextFactory<AppDbContext> dbs, CreditLedger ledger, TenantContext caller,
    IOptions<LaunchOptions> options, TimeProvider clock)
{
    public async Task<LaunchPreviewDto?> HandleAsync(Guid campaignId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null) return null;
        var tenantId = caller.TenantId!.Value;
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == tenantId)
            .Select(c => new { c.TimeZone, c.BillingIncrementSeconds }).FirstAsync(ct);
        var fallback = TimeZoneInfo.FindSystemTimeZoneById(client.TimeZone);
        var now = clock.GetUtcNow().UtcDateTime;
        var window = CallingWindow.Of(campaign);

        // One pass over the campaign's leads: by status, by do-not-call (the lists are applied again at launch, as they may
        // have grown since the import) and by time-zone set.
        var groups = await db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId)
            .GroupBy(l => new
            {
                Open = l.Status == LeadStatus.Pending || l.Status == LeadStatus.Retry,
                Blocked = db.DncEntries.Any(d => d.PhoneNumber == l.PhoneNumber) || db.PlatformDncEntries.Any(d => d.PhoneNumber == l.PhoneNumber),
                Zones = l.TimeZones ?? l.TimeZone,
            })
            .Select(g => new { g.Key.Open, g.Key.Blocked, g.Key.Zones, Count = g.LongCount() })
            .ToListAsync(ct);
        var total = groups.Sum(g => g.Count);
        var final = groups.Where(g => !g.Open).Sum(g => g.Count);
        var doNotCall = groups.Where(g => g.Open && g.Blocked).Sum(g => g.Count);
        var byZones = groups.Where(g => g.Open && !g.Blocked).ToList();
        long today = 0, later = 0;
        foreach (var group in byZones)
        {
            if (CallingHours.CanCallToday(now, CallingHours.Zones(group.Zones.Split(','), fallback), window)) today += group.Count;
            else later += group.Count;
        }

        var perCall = (int)Pricing.BillableSeconds(Math.Min(options.Value.EstimatedSecondsPerCall, campaign.MaxCallDurationSeconds), client.BillingIncrementSeconds);
        var callable = today + later;
        var estimated = callable * perCall;
        var balance = await ledger.GetBalanceAsync(tenantId, ct);
        var number = campaign.PhoneNumberId is { } numberId
            ? await db.PhoneNumbers.AsNoTracking().Where(n => n.Id == numberId && n.ClientId == tenantId && n.Status == PhoneNumberStatus.Assigned)
                .Select(n => new LaunchNumber(n.Id, n.Number)).FirstOrDefaultAsync(ct)
            : null;

        var problems = new List<LaunchProblem>();
        if (campaign.ArchivedAt is not null || campaign.Status is CampaignStatus.Completed or CampaignStatus.Cancelled)
            problems.Add(new("campaign.closed", "The campaign is finished or archived."));
        else if (campaign.Status is CampaignStatus.Running or CampaignStatus.Scheduled)
            problems.Add(new("campaign.already_launched", "The campaign is already launched."));
        if (campaign.SyncStatus != CampaignSyncStatus.Synced)
            problems.Add(new("campaign.not_synced", "The voice agent is not up to date with the campaign; retry its sync."));
        if (callable == 0) problems.Add(new("campaign.no_leads", total == 0 ? "The campaign has no leads; import some first." : "No lead is left to call."));
        if (number is null) problems.Add(new("campaign.no_phone_number", "Choose the phone number the campaign calls from."));
        if (estimated > balance.AvailableSeconds)
            problems.Add(new("credits.insufficient",
                $"The launch needs about {Pricing.Minutes(estimated):0.#} minutes of credit and {Pricing.Minutes(balance.AvailableSeconds):0.#} are available."));

        return new LaunchPreviewDto(campaignId, total, today, later, new LaunchSkipped(doNotCall, later, final), perCall, estimated,
            Pricing.Minutes(estimated), estimated, Pricing.Minutes(estimated), balance.AvailableSeconds, estimated <= balance.AvailableSeconds,
            number, campaign.Concurrency, ExpectedFinish(now, callable, perCall + options.Value.DialOverheadSeconds, campaign.Concurrency, window, fallback),
            problems);
    }

    /// <summary>Calls run <paramref name="concurrency"/> at a time inside the window (taken in the client's time zone for
    /// this estimate), day after calling day.</summary>
    internal static DateTime? ExpectedFinish(DateTime now, long calls, int secondsPerCall, int concurrency, CallingWindow window, TimeZoneInfo zone)
    {
        if (calls == 0 || window.Effective is null) return null;
        var remaining = (double)calls * secondsPerCall / concurrency; // seconds of window time needed
        var cursor = now;
        for (var day = 0; day < 366; day++)
        {
            if (CallingHours.NextOpen(cursor, [zone], window) is not { } open) return null;
            var local = TimeZoneInfo.ConvertTimeFromUtc(open, zone);
            var close = TimeZoneInfo.ConvertTimeToUtc(DateOnly.FromDateTime(local).ToDateTime(window.Effective.Value.To), zone);
            var available = (close - open).TotalSeconds;
            if (remaining <= available) return open.AddSeconds(remaining);
            remaining -= available;
            cursor = close;
        }
        return null;
    }
}
