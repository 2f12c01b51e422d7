using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Voice;

namespace ConvoMono.Features.Integrations;

public sealed record RetellIntegrationDto(string Mode, bool KeySet, string? KeyHint, string BaseUrl, bool SimulatorServed);

public sealed record UpdateRetellIntegrationRequest
{
    [Display(Name = "Mode"), Required, AllowedValues("Simulator", "Live", ErrorMessage = "The mode must be Simulator or Live.")]
    public string Mode { get; set; } = "Simulator";
    /// <summary>A new API key; empty keeps the stored one. Never returned.</summary>
    [Display(Name = "API key"), StringLength(200)] public string? ApiKey { get; set; }
    [Display(Name = "Base URL"), StringLength(500)] public string? BaseUrl { get; set; }
}

public sealed record ConnectionTestDto(bool Ok, string Mode, int? ConcurrencyLimit, int? CurrentConcurrency, string? Error)
{
    /// <summary>The account's name, where the provider reports one (Twilio).</summary>
    public string? Account { get; init; }

    /// <summary>How long a connection test waits for the provider (<c>Integrations:TestTimeoutSeconds</c>, 15): the
    /// clients' resilience pipelines would otherwise retry a silent provider for minutes while the page says "checking".</summary>
    public static TimeSpan Timeout(IConfiguration config) => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Integrations:TestTimeoutSeconds", 15)));

    /// <summary>Runs a provider's probe within <see cref="Timeout"/>: the probe's answer, the provider's own refusal
    /// (<paramref name="refusal"/> names it, or null to let the exception through), no connection, or no answer in time.</summary>
    public static async Task<ConnectionTestDto> RunAsync(string provider, string mode, IConfiguration config,
        Func<CancellationToken, Task<ConnectionTestDto>> probe, Func<Exception, string?> refusal, CancellationToken ct)
    {
        var timeout = Timeout(config);
        var noAnswer = new ConnectionTestDto(false, mode, null, null, $"{provider} did not answer within {timeout.TotalSeconds:0} s.");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        try { return await probe(bounded.Token); }
        catch (Exception e) when (refusal(e) is { } message) { return new ConnectionTestDto(false, mode, null, null, message); }
        catch (HttpRequestException e) { return new ConnectionTestDto(false, mode, null, null, $"{provider} could not be reached: " + e.Message); }
        catch (Polly.Timeout.TimeoutRejectedException) { return noAnswer; }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return noAnswer; }
    }
}

public sealed class RetellIntegrationHandler(RetellSettings settings, RetellClient client, TenantContext actor, IConfiguration config)
{
    public async Task<RetellIntegrationDto> GetAsync(CancellationToken ct)
    {
        var c = await settings.GetAsync(ct);
        return new RetellIntegrationDto(c.IsSimulator ? "Simulator" : "Live", !string.IsNullOrEmpty(c.ApiKey), c.KeyHint, c.BaseUrl, settings.SimulatorServed);
    }

    public async Task<RetellIntegrationDto> SaveAsync(UpdateRetellIntegrationRequest request, CancellationToken ct)
    {
        await settings.SaveAsync(request.Mode, request.ApiKey, request.BaseUrl, actor, ct);
        return await GetAsync(ct);
    }

    /// <summary>Asks Retell for the workspace's concurrency: proves the URL and key work.</summary>
    public async Task<ConnectionTestDto> TestAsync(CancellationToken ct)
    {
        var mode = (await settings.GetAsync(ct)).IsSimulator ? "Simulator" : "Live";
        return await ConnectionTestDto.RunAsync("Retell", mode, config, async token =>
        {
            var concurrency = await client.GetConcurrencyAsync(token);
            return new ConnectionTestDto(true, mode, concurrency.ConcurrencyLimit, concurrency.CurrentConcurrency, null);
        }, e => e is RetellApiException api ? $"Retell answered {api.Status}: {api.RetellMessage}" : null, ct);
    }
}

public static class IntegrationsModule
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services) => services
        .AddSingleton<IntegrationStore>()
        .AddScoped<RetellIntegrationHandler>()
        .AddScoped<TwilioIntegrationHandler>();

    public static IEndpointRouteBuilder MapIntegrationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/integrations").WithTags("Admin: integrations").RequireAuthorization(Policies.SuperAdmin);
        group.MapGet("/retell", async (RetellIntegrationHandler h, CancellationToken ct) => TypedResults.Ok(await h.GetAsync(ct)))
            .WithSummary("Retell mode, base URL and a hint of the key (never the key)");
        group.MapPut("/retell", async (UpdateRetellIntegrationRequest request, RetellIntegrationHandler h, CancellationToken ct) =>
                TypedResults.Ok(await h.SaveAsync(request, ct)))
            .WithSummary("Switch between the simulator and live Retell; the key is stored encrypted");
        group.MapPost("/retell/test", async (RetellIntegrationHandler h, CancellationToken ct) => TypedResults.Ok(await h.TestAsync(ct)))
            .WithSummary("Test the connection (get-concurrency)");
        group.MapGet("/twilio", async (TwilioIntegrationHandler h, CancellationToken ct) => TypedResults.Ok(await h.GetAsync(ct)))
            .WithSummary("Twilio mode, Account SID, base URL and a hint of the token (never the token)");
        group.MapPut("/twilio", async (UpdateTwilioIntegrationRequest request, TwilioIntegrationHandler h, CancellationToken ct) =>
                TypedResults.Ok(await h.SaveAsync(request, ct)))
            .WithSummary("Switch Twilio between the simulator and live; the token is stored encrypted");
        group.MapPost("/twilio/test", async (TwilioIntegrationHandler h, CancellationToken ct) => TypedResults.Ok(await h.TestAsync(ct)))
            .WithSummary("Test the connection (fetch the account)");
        return app;
    }
}
