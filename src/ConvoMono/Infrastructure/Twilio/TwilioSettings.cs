using ConvoMono.Features.Integrations;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Voice;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Twilio;

public sealed record TwilioConnection(bool IsSimulator, string AccountSid, string AuthToken, string BaseUrl, string TokenHint);

/// <summary>The effective Twilio settings: saved on the integrations page, else configuration (cached briefly).</summary>
public sealed class TwilioSettings(IOptions<TwilioOptions> options, PublicUrl publicUrl, IntegrationStore store, TimeProvider clock)
{
    public const string Provider = "twilio";
    private (TwilioConnection Value, DateTime At)? _cached;

    public bool SimulatorServed => options.Value.IsSimulator;

    public async Task<TwilioConnection> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cached is { } c && now - c.At < RetellSettings.CacheFor) return c.Value;
        var row = await store.LoadAsync(Provider, ct);
        var config = options.Value;
        var simulator = row is null ? config.IsSimulator : row.Mode == "Simulator";
        var live = !simulator && row?.ProtectedSecret is not null;
        var sid = live ? row!.AccountId ?? config.EffectiveSid : config.EffectiveSid;
        var token = live ? store.Reveal(row!) : config.EffectiveToken;
        var baseUrl = (row?.BaseUrl ?? config.BaseUrl ?? (simulator ? publicUrl.Value + "/simulator/twilio" : "https://api.twilio.com")).TrimEnd('/');
        var value = new TwilioConnection(simulator, sid, token, baseUrl, IntegrationStore.Hint(token));
        _cached = (value, now);
        return value;
    }

    public async Task SaveAsync(string mode, string? accountSid, string? authToken, string? baseUrl, TenantContext actor, CancellationToken ct)
    {
        if (mode == "Simulator" && !SimulatorServed)
            throw new DomainException("integrations.simulator_off", "This deployment does not serve the simulator (Twilio__Mode=Live).");
        if (!string.IsNullOrWhiteSpace(accountSid) && !System.Text.RegularExpressions.Regex.IsMatch(accountSid.Trim(), "^AC[0-9a-fA-F]{32}$"))
            throw new DomainException("integrations.invalid_account_sid", "A Twilio Account SID is AC followed by 32 hex digits.",
                StatusCodes.Status400BadRequest, "account_sid");
        await store.SaveAsync(Provider, mode, authToken, accountSid, baseUrl, "auth_token", actor, ct);
        _cached = null;
    }
}
