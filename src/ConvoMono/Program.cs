using System.Text.Json;
using System.Text.Json.Serialization;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Features.Audit;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Analytics;
using ConvoMono.Features.Analytics.Ops;
using ConvoMono.Components;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Branding;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Clients;
using ConvoMono.Features.Credits;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Features.Integrations;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Features.KnowledgeBases;
using ConvoMono.Features.Launch;
using ConvoMono.Features.Leads;
using ConvoMono.Features.Users;
using ConvoMono.Infrastructure.Security;
using ConvoMono.Infrastructure.Telemetry;
using ConvoMono.Features.Voices;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Health;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Voice;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Simulators.Retell;
using ConvoMono.Simulators.Twilio;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;
// Console logs, plain or JSON (Logging__Console__FormatterOptions__Json=true), phone numbers masked.
builder.Logging.AddConsole(o => o.FormatterName = ConvoMono.Infrastructure.Logging.MaskedConsoleFormatter.Name)
    .AddConsoleFormatter<ConvoMono.Infrastructure.Logging.MaskedConsoleFormatter, ConvoMono.Infrastructure.Logging.MaskedConsoleFormatterOptions>();

// Plumbing
services.AddSingleton(TimeProvider.System);
services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower; // also turns validation error keys into field names
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
});
services.AddValidation();
// Unparseable route/query values raise BadHttpRequestException, which the one exception handler turns into a 400 that says why.
services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
services.AddErrors();
services.AddData();
services.AddAppAuth();
services.AddAppOpenApi();
services.AddHealth();
services.AddTelemetry();
services.AddAppRateLimits();
services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
services.AddSingleton<LiveNotifier>();
services.AddRedisBackplane(builder.Configuration, services.AddSignalR());
services.AddHostedService<LiveHubBridge>();
services.AddRazorComponents().AddInteractiveServerComponents();
services.AddCascadingAuthenticationState();
services.AddScoped<AuthenticationStateProvider, AccountRevalidatingStateProvider>();
services.AddScoped<CircuitHandler, TenantCircuitHandler>();
services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
services.AddHostedService<IdempotencyCleanupJob>();

// Features
services.AddAuthFeature();
services.AddClients();
services.AddUsers();
services.AddApiKeys();
services.AddAudit();
services.AddCredits();
services.AddKnowledgeBases();
services.AddVoiceWebhooks();
services.AddVoice();
services.AddIntegrations();
services.AddTwilio();
services.AddVoices();
services.AddCampaigns();
services.AddLeads();
services.AddLaunch();
services.AddCalls();
services.AddAnalytics();
services.AddOps();
services.AddPhoneNumbers();
services.AddDoNotCall();
var twilio = builder.Configuration.GetSection(ConvoMono.Infrastructure.Twilio.TwilioOptions.Section).Get<ConvoMono.Infrastructure.Twilio.TwilioOptions>()
    ?? new ConvoMono.Infrastructure.Twilio.TwilioOptions();
if (twilio.IsSimulator)
    services.AddTwilioSimulator(o => (o.AccountSid, o.AuthToken) = (twilio.EffectiveSid, twilio.EffectiveToken));
var retell = builder.Configuration.GetSection(ConvoMono.Infrastructure.Voice.RetellOptions.Section).Get<ConvoMono.Infrastructure.Voice.RetellOptions>()
    ?? new ConvoMono.Infrastructure.Voice.RetellOptions();
if (retell.IsSimulator)
    services.AddRetellSimulator(o =>
    {
        o.ApiKey = retell.WebhookKey;
        builder.Configuration.GetSection("Simulator").Bind(o);        // Speed, Seed, ConcurrencyLimit, OutcomeRules, PricesCentsPerMinute
        builder.Configuration.GetSection("Simulator:Faults").Bind(o); // ApiErrorRate, ..., WebhookDelayMs
    });
services.AddSingleton<BrandingService>();

var app = builder.Build();

if (args.FirstOrDefault() == "migrate")
{
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
    return;
}
var migrator = app.Services.GetRequiredService<Migrator>();
if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ShouldMigrateOnStart)
    await migrator.MigrateAsync(CancellationToken.None);
else if (await migrator.PendingAsync(CancellationToken.None) is { Count: > 0 } pending)
{
    app.Logger.LogCritical("The database schema is behind ({Count} migration(s) not applied: {Names}). Run `dotnet ConvoMono.dll migrate` first.",
        pending.Count, string.Join(", ", pending));
    Environment.ExitCode = 1;
    return;
}
await app.Services.GetRequiredService<BootstrapAdmin>().RunAsync(CancellationToken.None);

app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.UseMiddleware<RequestLimitsMiddleware>();
app.UseAuthentication();
app.UseMiddleware<TenantResolutionMiddleware>();
app.UseAuthorization();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAntiforgery();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapScalarApiReference("/docs", o => o.WithTitle("ConvoMono API").DisableDefaultFonts().WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
app.MapHealthEndpoints();
app.MapMetrics();
app.MapAuthEndpoints();
app.MapClientEndpoints();
app.MapUserEndpoints();
app.MapApiKeyEndpoints();
app.MapAuditEndpoints();
app.MapCreditsEndpoints();
app.MapKnowledgeBaseEndpoints();
app.MapVoiceWebhookEndpoints();
app.MapIntegrationEndpoints();
app.MapVoiceEndpoints();
app.MapCampaignEndpoints();
app.MapLeadEndpoints();
app.MapLaunchEndpoints();
app.MapCallEndpoints();
app.MapAnalyticsEndpoints();
app.MapOpsEndpoints();
app.MapPhoneNumberEndpoints();
app.MapDncEndpoints();
if (retell.IsSimulator) app.MapRetellSimulator();
if (twilio.IsSimulator) app.MapTwilioSimulator();
app.MapBrandingEndpoints();
app.MapAccountEndpoints();
app.MapHub<LiveHub>(LiveHub.Path);
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("ConvoMono is running at {Urls}", string.Join(", ", app.Urls)));

app.Run();

public partial class Program;
