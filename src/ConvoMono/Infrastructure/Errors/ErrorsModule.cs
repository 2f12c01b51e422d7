namespace ConvoMono.Infrastructure.Errors;

public static class ErrorsModule
{
    public static IServiceCollection AddErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Status pages (404 from routing, 401/403 from auth) carry a stable code like every other error.
            if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
                ctx.ProblemDetails.Extensions["code"] = ctx.ProblemDetails.Status switch
                {
                    StatusCodes.Status400BadRequest => "request.invalid",
                    StatusCodes.Status401Unauthorized => "auth.unauthenticated",
                    StatusCodes.Status403Forbidden => "auth.forbidden",
                    StatusCodes.Status404NotFound => "resource.not_found",
                    StatusCodes.Status405MethodNotAllowed => "request.method_not_allowed",
                    StatusCodes.Status413PayloadTooLarge => "request.too_large",
                    StatusCodes.Status415UnsupportedMediaType => "request.unsupported_media_type",
                    StatusCodes.Status429TooManyRequests => "request.rate_limited",
                    _ => "request.failed",
                };
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        return services;
    }
}
