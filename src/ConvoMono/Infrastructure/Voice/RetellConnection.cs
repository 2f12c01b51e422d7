using ConvoMono.Features.Audit;
using ConvoMono.Features.Integrations;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Voice;

/// <summary>Where and how to reach Retell right now.</summary>
public sealed record RetellConnection(bool IsSimulator, string ApiKey, string BaseUrl, string? KeyHint, bool FromDatabase);

/// <summary>The effective Retell settings: what the super admin saved on the integrations page, else configuration.
/// Cached briefly; another instance sees a change within <see cref="CacheFor"/>.</summary>
public sealed class RetellSettings(
    IOptions<RetellOptions> options, PublicUrl publicUrl, IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Provider = "retell";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);
    private readonly IDataProtector _protector = protection.CreateProtector("ConvoMono.Integrations.v1");
    private (RetellConnection Value, DateTime At)? _cached;

    /// <summary>Whether this host serves the built-in simulator (decided by configuration at start).</summary>
    public bool SimulatorServed => options.Value.IsSimulator;

    public async Task<RetellConnection> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cached is { } c && now - c.At < CacheFor) return c.Value;
        IntegrationSetting? row;
        await using (var scope = scopes.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct))
            row = await db.IntegrationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Provider == Provider, ct);

        var config = options.Value;
        var simulator = row is null ? config.IsSimulator : row.Mode == "Simulator";
        // The simulator only knows its own key; a stored live key waits for the switch back to Live.
        var key = !simulator && row?.ProtectedSecret is { } secret ? _protector.Unprotect(secret) : config.WebhookKey;
        var baseUrl = (row?.BaseUrl ?? config.BaseUrl ?? (simulator ? publicUrl.Value + "/simulator/retell" : VoiceModule.LiveRetellUrl)).TrimEnd('/');
        var value = new RetellConnection(simulator, key, baseUrl, simulator ? Hint(key) : row?.SecretHint ?? Hint(key), row is not null);
        _cached = (value, now);
        return value;
    }

    /// <summary>Saves the mode and, when given, a new key (encrypted) and base URL. A null key keeps the stored one.</summary>
    public async Task SaveAsync(string mode, string? apiKey, string? baseUrl, TenantContext actor, CancellationToken ct)
    {
        if (mode is not ("Simulator" or "Live"))
            throw new DomainException("integrations.invalid_mode", "The mode must be Simulator or Live.", StatusCodes.Status400BadRequest, "mode");
        if (mode == "Simulator" && !SimulatorServed)
            throw new DomainException("integrations.simulator_off", "This deployment does not serve the simulator (Retell__Mode=Live).");
        if (baseUrl is not null && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
            throw new DomainException("integrations.invalid_url", "The base URL must be an absolute URL.", StatusCodes.Status400BadRequest, "base_url");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var row = await db.IntegrationSettings.FirstOrDefaultAsync(s => s.Provider == Provider, ct);
        if (row is null) db.IntegrationSettings.Add(row = new IntegrationSetting { Provider = Provider });
        if (mode == "Live" && string.IsNullOrWhiteSpace(apiKey) && row.ProtectedSecret is null)
            throw new DomainException("integrations.key_required", "Live mode needs Retell's API key.", StatusCodes.Status400BadRequest, "api_key");
        var before = new { row.Mode, key_hint = row.SecretHint, row.BaseUrl };
        row.Mode = mode;
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            row.ProtectedSecret = _protector.Protect(apiKey.Trim());
            row.SecretHint = Hint(apiKey.Trim());
        }
        row.BaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? null : baseUrl.Trim();
        row.UpdatedAt = now;
        row.UpdatedBy = actor.ActorName;
        db.AuditEntries.Add(AuditEntry.Record(actor, "integrations.retell_changed", "integration", Provider, null, before,
            new { row.Mode, key_hint = row.SecretHint, row.BaseUrl }, now));
        await db.SaveChangesAsync(ct);
        _cached = null;
    }

    private static string Hint(string key) => key.Length <= 4 ? "••••" : "••••" + key[^4..];
}

/// <summary>Points every Retell request at the current connection (simulator or live, as saved right now).</summary>
public sealed class RetellConnectionHandler(RetellSettings settings) : DelegatingHandler
{
    public const string Placeholder = "http://" + PlaceholderHost + "/";
    private const string PlaceholderHost = "retell.invalid";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var connection = await settings.GetAsync(ct);
        // A retry re-sends the same message, already pointed at Retell: only the first attempt is rewritten.
        if (request.RequestUri!.Host == PlaceholderHost)
            request.RequestUri = new Uri(connection.BaseUrl + "/" + request.RequestUri.PathAndQuery.TrimStart('/'));
        request.Headers.Authorization = new("Bearer", connection.ApiKey);
        return await base.SendAsync(request, ct);
    }
}
