using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Clients;

/// <summary>A partial update: only the fields present change.</summary>
public sealed record UpdateClientRequest
{
    [Display(Name = "Name"), StringLength(200, MinimumLength = 1)] public string? Name { get; set; }
    [Display(Name = "Rate per minute"), Range(typeof(decimal), "0", "1000")] public decimal? BillingRatePerMinute { get; set; }
    [Display(Name = "Billing increment"), AllowedValues(null, 1, 6, 30, 60, ErrorMessage = "The billing increment must be 1, 6, 30 or 60 seconds.")] public int? BillingIncrementSeconds { get; set; }
    [Display(Name = "Default country"), RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use a two-letter ISO country code, e.g. US.")] public string? DefaultCountry { get; set; }
    [Display(Name = "Time zone"), StringLength(64)] public string? TimeZone { get; set; }
    public ClientStatus? Status { get; set; }
}

public sealed class UpdateClientHandler(IDbContextFactory<AppDbContext> dbs, TenantContext actor, TimeProvider clock, LiveNotifier live)
{
    public const string SuspendedEvent = "client.suspended";

    public async Task<ClientDto?> HandleAsync(Guid id, UpdateClientRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client is null) return null;
        var before = client.ToDto();

        if (request.Name is not null) client.Rename(request.Name, now);
        if (request.BillingRatePerMinute is not null || request.BillingIncrementSeconds is not null)
            client.ChangeBilling(request.BillingRatePerMinute ?? client.BillingRatePerMinute,
                request.BillingIncrementSeconds ?? client.BillingIncrementSeconds, now);
        if (request.DefaultCountry is not null || request.TimeZone is not null)
            client.ChangeLocale(request.DefaultCountry ?? client.DefaultCountry, request.TimeZone ?? client.TimeZone, now);
        if (request.Status == ClientStatus.Suspended && client.Status != ClientStatus.Suspended) client.Suspend(now);
        if (request.Status == ClientStatus.Active && client.Status != ClientStatus.Active) client.Reactivate(now);

        var after = client.ToDto();
        if (after with { UpdatedAt = before.UpdatedAt } == before) return after;
        var action = before.Status != after.Status
            ? after.Status == ClientStatus.Suspended ? "client.suspended" : "client.reactivated"
            : "client.updated";
        db.AuditEntries.Add(AuditEntry.Record(actor, action, "client", id, id, before, after, now));
        await db.SaveChangesAsync(ct);
        live.Publish(new LiveEvent("client.changed", id));
        // Open pages of the client's users reload, so the suspension signs them out at once (TenantResolutionMiddleware).
        if (action == "client.suspended") live.Publish(new LiveEvent(SuspendedEvent, id));
        return after;
    }
}
