using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace ConvoMono.Infrastructure.Http;

public static class OpenApiSetup
{
    public const string BearerScheme = "bearer";

    /// <summary>The OpenAPI document at /openapi/v1.json: a bearer security scheme, and on every operation the
    /// access it needs (anonymous, any caller, or a role policy) and its 401/403 answers.</summary>
    public static IServiceCollection AddAppOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "ConvoMono API",
                Version = "v1",
                Description = "White-label AI voice calling. Authenticate with `Authorization: Bearer <token>`, where the token is an "
                    + "API key (`cm_live_...`) or an access token from `POST /api/v1/auth/token`. Errors are RFC 7807 problem+json "
                    + "with a stable `code`.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (cm_live_...) or an access token from POST /api/v1/auth/token.",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var access = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any()
                ? "anonymous"
                : metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "authenticated";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-access"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(access));
            if (access == "anonymous") return Task.CompletedTask;

            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            operation.Description = $"Access: `{access}`." + (operation.Description is null ? "" : " " + operation.Description);
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Not authenticated" });
            if (access != "authenticated") operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Authenticated, but not allowed" });
            return Task.CompletedTask;
        });
    });
}
