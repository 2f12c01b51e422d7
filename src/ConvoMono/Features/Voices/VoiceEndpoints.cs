using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Voice;

namespace ConvoMono.Features.Voices;

public static class VoiceEndpoints
{
    public static IServiceCollection AddVoices(this IServiceCollection services) => services.AddMemoryCache().AddScoped<VoiceCatalog>();

    public static IEndpointRouteBuilder MapVoiceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/voices", async (VoiceCatalog catalog, CancellationToken ct) =>
            {
                try { return TypedResults.Ok(new Page<VoiceDto>(await catalog.ListAsync(ct), null)); }
                catch (RetellApiException e)
                {
                    throw new DomainException("voices.provider_error", $"The voice provider did not answer: {e.RetellMessage}", StatusCodes.Status502BadGateway);
                }
            })
            .WithTags("Voices").RequireAuthorization(Policies.Client)
            .WithSummary("Voices available for campaigns (from Retell), with a preview URL");
        return app;
    }
}
