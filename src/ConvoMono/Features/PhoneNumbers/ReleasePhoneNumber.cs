using ConvoMono.Features.Audit;
using ConvoMono.Features.Campaigns;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.PhoneNumbers;

public sealed record ReleasePhoneNumberRequest
{
    /// <summary>Pause the client's running or scheduled campaigns that call from this number (reason <c>no_phone_number</c>).</summary>
    public bool ConfirmPause { get; set; }
}

/// <summary>Takes a number away from its client, back into the pool; its assignment period ends now.</summary>
public sealed class ReleasePhoneNumberHandler(IDbContextFactory<AppDbContext> dbs, TenantContext actor, TimeProvider clock)
{
    public async Task<PhoneNumberDto?> HandleAsync(Guid id, ReleasePhoneNumberRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var number = await db.PhoneNumbers.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (number is null) return null;
        var clientId = number.ClientId;
        var before = number.ToDto();
        number.Unassign(now); // 409 when not assigned

        // Platform-admin code acting on the client's campaigns: the admin has no tenant, so the tenant filter is lifted and the
        // client is matched by hand.
        var active = await db.Campaigns.IgnoreQueryFilters()
            .Where(c => c.TenantId == clientId && c.PhoneNumberId == id && (c.Status == CampaignStatus.Running || c.Status == CampaignStatus.Scheduled))
            .OrderBy(c => c.Name).ToListAsync(ct);
        if (active.Count > 0 && !request.ConfirmPause)
            throw new DomainException("phone_numbers.in_use",
                $"Campaigns calling from this number: {string.Join(", ", active.Select(c => $"\"{c.Name}\""))}. " +
                "Releasing it pauses them; confirm to release and pause.", StatusCodes.Status409Conflict);
        foreach (var campaign in active) campaign.Pause(CampaignPauseReason.NoPhoneNumber, now);

        var open = await db.PhoneNumberAssignments.Where(a => a.PhoneNumberId == id && a.ToAt == null).ToListAsync(ct);
        foreach (var assignment in open) assignment.Close(now);
        db.AuditEntries.Add(AuditEntry.Record(actor, "phone_number.released", "phone_number", id, clientId, before,
            new { number = number.ToDto(), paused_campaigns = active.Select(c => c.Id).ToList() }, now));
        await db.SaveChangesAsync(ct); // one transaction: the number, its period, the paused campaigns and the audit entry
        return number.ToDto();
    }
}
