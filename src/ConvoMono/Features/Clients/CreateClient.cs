using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Users;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Clients;

public sealed record CreateClientRequest
{
    [Display(Name = "Client name"), Required, StringLength(200, MinimumLength = 1)] public string Name { get; set; } = "";
    [Display(Name = "Rate per minute"), Range(typeof(decimal), "0", "1000")] public decimal BillingRatePerMinute { get; set; }
    [Display(Name = "Currency"), RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use a three-letter ISO 4217 currency code, e.g. USD.")] public string? Currency { get; set; }
    [Display(Name = "Billing increment"), AllowedValues(null, 1, 6, 30, 60, ErrorMessage = "The billing increment must be 1, 6, 30 or 60 seconds.")] public int? BillingIncrementSeconds { get; set; }
    [Display(Name = "Default country"), RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use a two-letter ISO country code, e.g. US.")] public string? DefaultCountry { get; set; }
    [Display(Name = "Time zone"), StringLength(64)] public string? TimeZone { get; set; }
    [Display(Name = "Starting minutes"), Range(0, 10_000_000)] public int? InitialMinutes { get; set; }
    [Display(Name = "Owner email"), Required, EmailAddress, StringLength(256)] public string OwnerEmail { get; set; } = "";
    [Display(Name = "Owner password"), Required, StringLength(128)] public string OwnerPassword { get; set; } = "";
}

/// <summary>Creates a client, its owner user and its first credit grant in one transaction.</summary>
public sealed class CreateClientHandler(IServiceScopeFactory scopes, TenantContext actor, TimeProvider clock, LiveNotifier live)
{
    public async Task<ClientDto> HandleAsync(CreateClientRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var identity = IdentityScope.Begin(scopes, actor);
        var db = identity.Db;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var client = Client.Create(request.Name, request.BillingRatePerMinute, request.Currency ?? "USD",
            request.BillingIncrementSeconds ?? 60, request.DefaultCountry ?? "US", request.TimeZone ?? "America/New_York", now);
        db.Clients.Add(client);
        CreditLedger.OpenAccount(db, client.Id, (request.InitialMinutes ?? 0) * 60L, client.Currency, actor.ActorName, now);
        await db.SaveChangesAsync(ct);

        var owner = await UserAccounts.CreateAsync(identity.Users, request.OwnerEmail, request.OwnerPassword, Roles.ClientOwner, client.Id, now,
            "owner_email", "owner_password");
        var dto = client.ToDto();
        db.AuditEntries.Add(AuditEntry.Record(actor, "client.created", "client", client.Id, client.Id, null,
            new { client = dto, owner_email = owner.Email, initial_minutes = request.InitialMinutes ?? 0 }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        live.Publish(new LiveEvent("client.changed", client.Id));
        return dto;
    }
}
