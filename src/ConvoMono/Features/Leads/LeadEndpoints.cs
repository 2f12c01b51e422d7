using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.Leads;

public static class LeadEndpoints
{
    public static IEndpointRouteBuilder MapLeadEndpoints(this IEndpointRouteBuilder app)
    {
        var max = app.ServiceProvider.GetRequiredService<IOptions<LeadsOptions>>().Value.MaxFileBytes;
        var group = app.MapGroup("/api/v1/campaigns/{id:guid}/leads").WithTags("Leads").RequireAuthorization(Policies.Client);

        group.MapPost("/import", async Task<Results<Ok<LeadImportDto>, Accepted<LeadImportDto>, NotFound>> (Guid id, HttpRequest http,
                ImportLeadsHandler handler, CancellationToken ct) =>
            {
                await using var upload = await LeadUpload.ReadAsync(http, max, ct);
                return await handler.HandleAsync(id, upload, ct) switch
                {
                    null => TypedResults.NotFound(),
                    ({ } import, true) => TypedResults.Ok(import),
                    ({ } import, false) => TypedResults.Accepted($"/api/v1/campaigns/{id}/leads/imports/{import.Id}", import),
                };
            })
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery() // API clients authenticate with bearer tokens; the page calls the handler directly
            .WithMetadata(new RequestSizeLimitAttribute(max + 1024 * 1024))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Import leads from a CSV (multipart `file`, optional `phone_column`, `default_country`)")
            .WithDescription("UTF-8 (with or without BOM) or UTF-16 with BOM; comma, semicolon or tab. Small files finish in the request (200 with the " +
                             "report); large ones continue in the background (202; follow the Location). Rows are rejected by reason: " +
                             string.Join(", ", RejectReason.All) + ".");

        group.MapPost("/preview", async Task<Results<Ok<LeadFilePreviewDto>, NotFound>> (Guid id, HttpRequest http, LeadImportsHandler imports, CancellationToken ct) =>
            {
                if (!await imports.CampaignExistsAsync(id, ct)) return TypedResults.NotFound();
                await using var upload = await LeadUpload.ReadAsync(http, max, ct);
                await using var file = File.OpenRead(upload.Path);
                return TypedResults.Ok(await LeadFilePreview.ReadAsync(file, upload.PhoneColumn, 5, ct));
            })
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(max + 1024 * 1024))
            .WithSummary("Preview a CSV: its columns, the detected phone column and the first rows (nothing is imported)");

        group.MapGet("/", async Task<Results<Ok<Page<LeadDto>>, NotFound>> (Guid id, [AsParameters] LeadListQuery filter, [AsParameters] PageQuery page,
                ListLeadsHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, filter, page, ct) is { } leads ? TypedResults.Ok(leads) : TypedResults.NotFound())
            .WithSummary("The campaign's leads, newest first, by status and by phone number digits");

        group.MapGet("/imports", async Task<Results<Ok<Page<LeadImportDto>>, NotFound>> (Guid id, [AsParameters] PageQuery page,
                LeadImportsHandler handler, CancellationToken ct) =>
                await handler.ListAsync(id, page, ct) is { } imports ? TypedResults.Ok(imports) : TypedResults.NotFound())
            .WithSummary("The campaign's imports, newest first");

        group.MapGet("/imports/{importId:guid}", async Task<Results<Ok<LeadImportDto>, NotFound>> (Guid id, Guid importId, LeadImportsHandler handler,
                CancellationToken ct) =>
                await handler.GetAsync(id, importId, ct) is { } import ? TypedResults.Ok(import) : TypedResults.NotFound())
            .WithSummary("A running or finished import: status, progress and report");

        group.MapPost("/imports/{importId:guid}/cancel", async Task<Results<Ok<LeadImportDto>, NotFound>> (Guid id, Guid importId,
                LeadImportsHandler handler, CancellationToken ct) =>
                await handler.CancelAsync(id, importId, ct) is { } import ? TypedResults.Ok(import) : TypedResults.NotFound())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Stop a running import; what it wrote is removed");

        group.MapPost("/imports/{importId:guid}/undo", async Task<Results<Ok<LeadImportDto>, NotFound>> (Guid id, Guid importId,
                LeadImportsHandler handler, CancellationToken ct) =>
                await handler.UndoAsync(id, importId, ct) is { } import ? TypedResults.Ok(import) : TypedResults.NotFound())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Remove the leads a completed import added (only while none has been dialed)");

        group.MapGet("/imports/{importId:guid}/rejected.csv", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, Guid importId,
                LeadImportsHandler handler, HttpContext http, CancellationToken ct) =>
            {
                if (await handler.RejectsAsync(id, importId, ct) is not { } rejects) return TypedResults.NotFound();
                http.Response.Headers.ContentEncoding = "gzip"; // stored compressed; browsers and HTTP clients inflate it
                return TypedResults.File(rejects.Gzip, "text/csv; charset=utf-8", rejects.FileName);
            })
            .WithSummary("Every rejected row of an import with its line, reason and detail (formula cells escaped)");
        return app;
    }
}
