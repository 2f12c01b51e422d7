using System.Globalization;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Launch;

/// <summary><c>start_at</c> is an ISO time: with an offset (or Z) it is absolute; without one it is local time in
/// <c>time_zone</c> (IANA, default the client's zone). Both absent: now.</summary>
public sealed record LaunchRequest(string? StartAt, string? TimeZone);

/// <summary>Launches a draft campaign now or at a time: checks everything the dry run checks (a refusal is 422 with the
/// problem's code, or 409 when the campaign is not a draft), moves it to running or scheduled once, and reserves the
/// estimated credit; without the credit the launch is undone.</summary>
public sealed class LaunchCampaignHandler(IDbContextFactory<AppDbContext> dbs, LaunchPreviewHandler preview, CreditLedger ledger, CampaignEngine engine,
    TenantContext caller, TimeProvider clock)
{
    public async Task<CampaignDto?> HandleAsync(Guid campaignId, LaunchRequest request, CancellationToken ct)
    {
        var tenantId = caller.TenantId!.Value;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null) return null;
        var clientZone = await db.Clients.Where(c => c.Id == tenantId).Select(c => c.TimeZone).FirstAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var (startAt, zone) = StartOf(request, clientZone, now);

        if (campaign.Status != CampaignStatus.Draft || campaign.ArchivedAt is not null)
            throw new DomainException("campaign.not_draft", campaign.Status switch
            {
                CampaignStatus.Running or CampaignStatus.Scheduled => "The campaign is already launched.",
                CampaignStatus.Paused => "The campaign is paused; resume it instead.",
                _ => "The campaign is finished or archived and cannot be launched again.",
            }, StatusCodes.Status409Conflict);
        var dryRun = (await preview.HandleAsync(campaignId, ct))!;
        if (dryRun.Problems.FirstOrDefault() is { } problem) throw new DomainException(problem.Code, problem.Message);

        var scheduled = startAt > now;
        var launched = await db.Campaigns.Where(c => c.Id == campaignId && c.Status == CampaignStatus.Draft).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.Status, scheduled ? CampaignStatus.Scheduled : CampaignStatus.Running)
            .SetProperty(c => c.StartAt, startAt).SetProperty(c => c.StartTimeZone, zone)
            .SetProperty(c => c.LaunchedAt, scheduled ? null : now).SetProperty(c => c.ResumedAt, now)
            .SetProperty(c => c.DispatchFailures, 0).SetProperty(c => c.UpdatedAt, now), ct);
        if (launched == 0) throw new DomainException("campaign.not_draft", "The campaign was launched meanwhile.", StatusCodes.Status409Conflict);
        try
        {
            await ledger.ReserveForCampaignAsync(tenantId, campaignId, dryRun.CreditToReserveSeconds, ct);
        }
        catch (DomainException)
        {
            await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Draft)
                .SetProperty(c => c.StartAt, (DateTime?)null).SetProperty(c => c.LaunchedAt, (DateTime?)null), CancellationToken.None);
            throw;
        }
        await engine.NotifyAsync(tenantId, campaignId);
        return await CampaignQueries.GetAsync(dbs, campaignId, ct);
    }

    internal static (DateTime StartAt, string? Zone) StartOf(LaunchRequest request, string clientZone, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(request.StartAt))
        {
            if (!string.IsNullOrWhiteSpace(request.TimeZone)) Zone(request.TimeZone);
            return (now, null);
        }
        var zoneId = string.IsNullOrWhiteSpace(request.TimeZone) ? clientZone : request.TimeZone.Trim();
        var zone = Zone(zoneId);
        DateTime utc;
        var text = request.StartAt.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && HasOffset(text))
            utc = withOffset.UtcDateTime;
        else if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
                throw new DomainException("launch.invalid_start", "That local time does not exist (a daylight-saving jump).", StatusCodes.Status400BadRequest, "start_at");
            utc = TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
        }
        else throw new DomainException("launch.invalid_start", "start_at must be an ISO 8601 time, e.g. 2026-11-24T09:00 or 2026-11-24T14:00:00Z.",
            StatusCodes.Status400BadRequest, "start_at");
        if (utc < now.AddMinutes(-1))
            throw new DomainException("launch.start_in_past", "start_at is in the past; leave it out to launch now.", StatusCodes.Status400BadRequest, "start_at");
        if (utc > now.AddDays(366))
            throw new DomainException("launch.start_too_far", "start_at is more than a year away.", StatusCodes.Status400BadRequest, "start_at");
        return (utc, zoneId);
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || text.Length > 10 && (text.LastIndexOf('+') > 10 || text.LastIndexOf('-') > 10);

    private static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone
            : throw new DomainException("launch.invalid_time_zone", $"Unknown time zone \"{id}\"; use an IANA name such as America/New_York.",
                StatusCodes.Status400BadRequest, "time_zone");
}

/// <summary>The user's pause, resume and cancel. A resume checks the number is still there (422
/// <c>campaign.no_phone_number</c>); each answers 409 when the campaign is not in a state it applies to.</summary>
public sealed class CampaignControlHandler(IDbContextFactory<AppDbContext> dbs, CampaignEngine engine, TenantContext caller)
{
    public async Task<CampaignDto?> PauseAsync(Guid campaignId, CancellationToken ct) =>
        await ChangeAsync(campaignId, "pause", id => engine.PauseAsync(caller.TenantId!.Value, id, CampaignPauseReason.ByUser, ct),
            "Only a running or scheduled campaign can be paused.", ct);

    public async Task<CampaignDto?> ResumeAsync(Guid campaignId, CancellationToken ct) =>
        await ChangeAsync(campaignId, "resume", async id =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var tenantId = caller.TenantId!.Value;
            var numberId = await db.Campaigns.Where(c => c.Id == id).Select(c => c.PhoneNumberId).FirstAsync(ct);
            if (numberId is null || !await db.PhoneNumbers.AnyAsync(n => n.Id == numberId && n.ClientId == tenantId && n.Status == PhoneNumberStatus.Assigned, ct))
                throw new DomainException("campaign.no_phone_number", "The campaign's phone number is no longer assigned to you; choose another one first.");
            return await engine.ResumeAsync(tenantId, id, ct);
        }, "Only a paused campaign can be resumed.", ct);

    public async Task<CampaignDto?> CancelAsync(Guid campaignId, CancellationToken ct) =>
        await ChangeAsync(campaignId, "cancel", id => engine.CancelAsync(caller.TenantId!.Value, id, ct),
            "Only a running, paused or scheduled campaign can be cancelled.", ct);

    private async Task<CampaignDto?> ChangeAsync(Guid campaignId, string action, Func<Guid, Task<bool>> change, string conflict, CancellationToken ct)
    {
        if (await CampaignQueries.GetAsync(dbs, campaignId, ct) is null) return null;
        if (!await change(campaignId)) throw new DomainException($"campaign.cannot_{action}", conflict, StatusCodes.Status409Conflict);
        return await CampaignQueries.GetAsync(dbs, campaignId, ct);
    }
}
