using ConvoMono.Infrastructure.Voice;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.VoiceWebhooks;

public static class VoiceWebhooksModule
{
    public static IServiceCollection AddVoiceWebhooks(this IServiceCollection services)
    {
        services.AddOptions<RetellOptions>().BindConfiguration(RetellOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VoiceWebhookOptions>().BindConfiguration(VoiceWebhookOptions.Section);
        services.AddSingleton<WebhookInboxWriter>();
        services.AddScoped<ReceiveRetellWebhookHandler>();
        services.AddHostedService<WebhookInboxProcessor>();
        return services;
    }

    public static IEndpointRouteBuilder MapVoiceWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/retell", async Task<NoContent> (HttpRequest request, ReceiveRetellWebhookHandler handler, CancellationToken ct) =>
            {
                await handler.HandleAsync(request, ct);
                return TypedResults.NoContent();
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            // The intake reads at most Webhooks:MaxBodyBytes itself (413 past it), so the general body limit stays out of its way.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute())
            .WithTags("Webhooks")
            .WithSummary("Retell call events, signed with x-retell-signature; stored before the 204, redeliveries acknowledged once")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }
}
