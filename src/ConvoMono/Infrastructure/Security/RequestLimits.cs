using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Security;

public sealed class RequestLimitOptions
{
    public const string Section = "RequestLimits";

    /// <summary>The largest request body an endpoint takes unless it declares its own limit (uploads do): 1 MB.</summary>
    [Range(1024, 1024L * 1024 * 1024)] public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Refuses a body larger than the endpoint allows before anything reads it: 413 with a problem body when the
/// declared length is too big, and the server's own limit set for bodies sent without a length (chunked), which the
/// framework answers with 413 as soon as the reading passes it. Endpoints with a <c>RequestSizeLimit</c> keep theirs.</summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var declared = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = declared is null ? options.Value.MaxBodyBytes : declared.MaxRequestBodySize;
        if (limit is { } max && context.Request.ContentLength > max)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                detail: $"The request body is larger than the {Size(max)} this endpoint accepts.",
                extensions: new Dictionary<string, object?> { ["code"] = "request.too_large" }).ExecuteAsync(context);
            return;
        }
        if (declared is null && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        await next(context);
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024:0.#} MB" : $"{bytes / 1024.0:0.#} KB";
}
