using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Twilio;

namespace ConvoMono.Features.Integrations;

public sealed record TwilioIntegrationDto(string Mode, string AccountSid, string TokenHint, string BaseUrl, bool SimulatorServed);

public sealed record UpdateTwilioIntegrationRequest
{
    [Display(Name = "Mode"), Required, AllowedValues("Simulator", "Live", ErrorMessage = "The mode must be Simulator or Live.")]
    public string Mode { get; set; } = "Simulator";
    [Display(Name = "Account SID"), StringLength(34)] public string? AccountSid { get; set; }
    /// <summary>A new auth token; empty keeps the stored one. Never returned.</summary>
    [Display(Name = "Auth token"), StringLength(200)] public string? AuthToken { get; set; }
    [Display(Name = "Base URL"), StringLength(500)] public string? BaseUrl { get; set; }
}

public sealed class TwilioIntegrationHandler(TwilioSettings settings, TwilioClient client, TenantContext actor, IConfiguration config)
{
    public async Task<TwilioIntegrationDto> GetAsync(CancellationToken ct)
    {
        var c = await settings.GetAsync(ct);
        return new TwilioIntegrationDto(c.IsSimulator ? "Simulator" : "Live", c.AccountSid, c.TokenHint, c.BaseUrl, settings.SimulatorServed);
    }

    public async Task<TwilioIntegrationDto> SaveAsync(UpdateTwilioIntegrationRequest request, CancellationToken ct)
    {
        await settings.SaveAsync(request.Mode, request.AccountSid, request.AuthToken, request.BaseUrl, actor, ct);
        return await GetAsync(ct);
    }

    /// <summary>Fetches the account: proves the URL, SID and token work.</summary>
    public async Task<ConnectionTestDto> TestAsync(CancellationToken ct)
    {
        var mode = (await settings.GetAsync(ct)).IsSimulator ? "Simulator" : "Live";
        return await ConnectionTestDto.RunAsync("Twilio", mode, config, async token =>
        {
            var account = await client.GetAccountAsync(token);
            return new ConnectionTestDto(true, mode, null, null, null) { Account = account.FriendlyName };
        }, e => e is TwilioApiException api ? $"Twilio answered {api.Status} ({api.Code}): {api.TwilioMessage}" : null, ct);
    }
}
