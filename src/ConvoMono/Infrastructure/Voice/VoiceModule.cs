using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Voice;

public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The URL Retell uses to reach /webhooks/retell; empty means the first listening URL.</summary>
    public string? PublicUrl { get; set; }
}

/// <summary>The platform's own public base URL: configured, or the first address the server listens on.</summary>
public sealed class PublicUrl(IOptions<AppOptions> options, IServer server)
{
    public string Value =>
        (!string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? options.Value.PublicUrl
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost").TrimEnd('/');
}

public static class VoiceModule
{
    public const string LiveRetellUrl = "https://api.retellai.com";

    public static IServiceCollection AddVoice(this IServiceCollection services)
    {
        services.AddOptions<AppOptions>().BindConfiguration(AppOptions.Section);
        services.AddSingleton<PublicUrl>();
        services.AddSingleton<RetellSettings>();
        services.AddTransient<RetellConnectionHandler>();
        var retell = services.AddHttpClient<RetellClient>(http => http.BaseAddress = new Uri(RetellConnectionHandler.Placeholder));
        retell.AddStandardResilienceHandler(o =>
            {
                // As Retell's own SDK: 2 retries, 0.5 s doubling with jitter, honouring Retry-After; but never a POST.
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.Delay = TimeSpan.FromMilliseconds(500);
                o.Retry.UseJitter = true;
                o.Retry.DisableFor(HttpMethod.Post);
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(300);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(120);
            });
        retell.AddHttpMessageHandler<RetellConnectionHandler>(); // inside the retries: each attempt reads the current settings
        return services;
    }
}
