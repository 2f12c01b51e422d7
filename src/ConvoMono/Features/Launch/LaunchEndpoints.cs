using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Launch;

public static class LaunchEndpoints
{
    public static IServiceCollection AddLaunch(this IServiceCollection services)
    {
        services.AddOptions<LaunchOptions>().BindConfiguration(LaunchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CampaignEngine>();
        services.AddSingleton<CallTracker>();
        services.AddScoped<IVoiceEventHandler, RetellCallEventHandler>();
        services.AddHostedService<CallDispatcher>();
        services.AddHostedService<CallReconciler>();
        return services
            .AddScoped<LaunchPreviewHandler>()
            .AddScoped<LaunchCampaignHandler>()
            .AddScoped<CampaignControlHandler>()
            .AddScoped<ClientTimeZoneHandler>()
            .AddScoped<LiveMonitorHandler>();
    }

    public static IEndpointRouteBuilder MapLaunchEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/campaigns/{id:guid}").WithTags("Launch").RequireAuthorization(Policies.Client);

        group.MapGet("/launch-preview", async Task<Results<Ok<LaunchPreviewDto>, NotFound>> (Guid id, LaunchPreviewHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } preview ? TypedResults.Ok(preview) : TypedResults.NotFound())
            .WithSummary("Dry run of a launch: leads to call today, skipped by reason, credit to reserve, number, expected finish, problems");

        group.MapPost("/launch", async Task<Results<Ok<CampaignDto>, NotFound>> (Guid id, LaunchRequest? request, LaunchCampaignHandler handler,
                CancellationToken ct) =>
                await handler.HandleAsync(id, request ?? new LaunchRequest(null, null), ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound())
            .WithSummary("Launch now, or at start_at (ISO; local to time_zone when it has no offset): reserves the estimated credit")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/pause", async Task<Results<Ok<CampaignDto>, NotFound>> (Guid id, CampaignControlHandler handler, CancellationToken ct) =>
                await handler.PauseAsync(id, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound())
            .WithSummary("Pause: no further wave is sent; calls in progress finish")
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/resume", async Task<Results<Ok<CampaignDto>, NotFound>> (Guid id, CampaignControlHandler handler, CancellationToken ct) =>
                await handler.ResumeAsync(id, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound())
            .WithSummary("Resume a paused campaign")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/cancel", async Task<Results<Ok<CampaignDto>, NotFound>> (Guid id, CampaignControlHandler handler, CancellationToken ct) =>
                await handler.CancelAsync(id, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound())
            .WithSummary("Cancel for good: the reservation's remainder is released; calls in progress finish and bill")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
