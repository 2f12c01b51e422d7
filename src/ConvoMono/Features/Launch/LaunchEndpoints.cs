using ConvoMono.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Launch;

public static class LaunchEndpoints
{
    public static IServiceCollection AddLaunch(this IServiceCollection services)
    {
        services.AddOptions<LaunchOptions>().BindConfiguration(LaunchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddScoped<LaunchPreviewHandler>();
    }

    public static IEndpointRouteBuilder MapLaunchEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/campaigns/{id:guid}").WithTags("Launch").RequireAuthorization(Policies.Client);

        group.MapGet("/launch-preview", async Task<Results<Ok<LaunchPreviewDto>, NotFound>> (Guid id, LaunchPreviewHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } preview ? TypedResults.Ok(preview) : TypedResults.NotFound())
            .WithSummary("Dry run of a launch: leads to call today, skipped by reason, credit to reserve, number, expected finish, problems");
        return app;
    }
}
