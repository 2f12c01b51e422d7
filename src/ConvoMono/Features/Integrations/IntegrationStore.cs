using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Integrations;

/// <summary>Reads and writes the providers' runtime settings: secrets encrypted with Data Protection (keys in the
/// database, so every instance can read them), every change audited with a hint of the secret, never the secret.</summary>
/// <summary>What <see cref="IntegrationStore.ChangedEvent"/> carries: the provider and its mode now (the event itself
/// says which mode, so a page on another instance need not wait for its settings cache to expire).</summary>
public sealed record IntegrationChange(string Provider, string Mode);

public sealed class IntegrationStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock, LiveNotifier live)
{
    /// <summary>A provider's mode or settings changed (for everyone: every page shows whether calls are simulated).</summary>
    public const string ChangedEvent = "integrations.changed";

    private readonly IDataProtector _protector = protection.CreateProtector("ConvoMono.Integrations.v1");

    public async Task<IntegrationSetting?> LoadAsync(string provider, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        return await db.IntegrationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Provider == provider, ct);
    }

    public string Reveal(IntegrationSetting row) => _protector.Unprotect(row.ProtectedSecret!);

    /// <summary>Saves a provider's mode and, when given, a new secret, account id and base URL (a null secret keeps the
    /// stored one). <paramref name="requireSecretForLive"/> names the field to blame when Live has no secret.</summary>
    public async Task SaveAsync(string provider, string mode, string? secret, string? accountId, string? baseUrl, string requireSecretForLive,
        TenantContext actor, CancellationToken ct)
    {
        if (mode is not ("Simulator" or "Live"))
            throw new DomainException("integrations.invalid_mode", "The mode must be Simulator or Live.", StatusCodes.Status400BadRequest, "mode");
        if (!string.IsNullOrWhiteSpace(baseUrl) && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
            throw new DomainException("integrations.invalid_url", "The base URL must be an absolute URL.", StatusCodes.Status400BadRequest, "base_url");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var row = await db.IntegrationSettings.FirstOrDefaultAsync(s => s.Provider == provider, ct);
        if (row is null) db.IntegrationSettings.Add(row = new IntegrationSetting { Provider = provider });
        if (mode == "Live" && string.IsNullOrWhiteSpace(secret) && row.ProtectedSecret is null)
            throw new DomainException("integrations.secret_required", "Live mode needs the provider's secret.", StatusCodes.Status400BadRequest,
                requireSecretForLive);
        var before = new { row.Mode, secret_hint = row.SecretHint, account_id = row.AccountId, row.BaseUrl };
        row.Mode = mode;
        if (!string.IsNullOrWhiteSpace(secret))
        {
            row.ProtectedSecret = _protector.Protect(secret.Trim());
            row.SecretHint = Hint(secret.Trim());
        }
        if (!string.IsNullOrWhiteSpace(accountId)) row.AccountId = accountId.Trim();
        row.BaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? null : baseUrl.Trim();
        row.UpdatedAt = now;
        row.UpdatedBy = actor.ActorName;
        db.AuditEntries.Add(AuditEntry.Record(actor, $"integrations.{provider}_changed", "integration", provider, null, before,
            new { row.Mode, secret_hint = row.SecretHint, account_id = row.AccountId, row.BaseUrl }, now));
        await db.SaveChangesAsync(ct);
        live.Publish(new LiveEvent(ChangedEvent, null, new IntegrationChange(provider, mode), Everyone: true));
    }

    public static string Hint(string secret) => secret.Length <= 4 ? "••••" : "••••" + secret[^4..];
}
