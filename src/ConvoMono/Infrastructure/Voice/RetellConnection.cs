using ConvoMono.Features.Integrations;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Voice;

/// <summary>Where and how to reach Retell right now.</summary>
public sealed record RetellConnection(bool IsSimulator, string ApiKey, string BaseUrl, string? KeyHint, bool FromDatabase);

/// <summary>The effective Retell settings: what the super admin saved on the integrations page, else configuration.
/// Cached briefly; another instance sees a change within <see cref="CacheFor"/>.</summary>
public sealed class RetellSettings(IOptions<RetellOptions> options, PublicUrl publicUrl, IntegrationStore store, TimeProvider clock)
{
    public const string Provider = "retell";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);
    private (RetellConnection Value, DateTime At)? _cached;

    /// <summary>Whether this host serves the built-in simulator (decided by configuration at start).</summary>
    public bool SimulatorServed => options.Value.IsSimulator;

    public async Task<RetellConnection> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cached is { } c && now - c.At < CacheFor) return c.Value;
        var row = await store.LoadAsync(Provider, ct);
        var config = options.Value;
        var simulator = row is null ? config.IsSimulator : row.Mode == "Simulator";
        // The simulator only knows its own key; a stored live key waits for the switch back to Live.
        var key = !simulator && row?.ProtectedSecret is not null ? store.Reveal(row) : config.WebhookKey;
        var baseUrl = (row?.BaseUrl ?? config.BaseUrl ?? (simulator ? publicUrl.Value + "/simulator/retell" : VoiceModule.LiveRetellUrl)).TrimEnd('/');
        var value = new RetellConnection(simulator, key, baseUrl, simulator ? IntegrationStore.Hint(key) : row?.SecretHint ?? IntegrationStore.Hint(key), row is not null);
        _cached = (value, now);
        return value;
    }

    /// <summary>Saves the mode and, when given, a new key (encrypted) and base URL. A null key keeps the stored one.</summary>
    public async Task SaveAsync(string mode, string? apiKey, string? baseUrl, TenantContext actor, CancellationToken ct)
    {
        if (mode == "Simulator" && !SimulatorServed)
            throw new DomainException("integrations.simulator_off", "This deployment does not serve the simulator (Retell__Mode=Live).");
        await store.SaveAsync(Provider, mode, apiKey, null, baseUrl, "api_key", actor, ct);
        _cached = null;
    }
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
