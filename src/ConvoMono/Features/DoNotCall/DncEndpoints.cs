using ConvoMono.Features.DoNotCall.Platform;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConvoMono.Features.DoNotCall;

public static class DncEndpoints
{
    private const string ImportDescription = "multipart/form-data: `file` (UTF-8 CSV with a header naming the phone column, e.g. `phone` "
        + "or `phone_number`, or a text file with one number per line; at most 20 MB) and optional `default_country` (ISO code) "
        + "for numbers without a country code. Answers `{added, already_listed, duplicates_in_file, invalid, samples: [{line, value, error}]}`; "
        + "a bad file (empty, binary, not UTF-8, no phone column) is 400 and changes nothing; a larger one is 413.";

    public static IEndpointRouteBuilder MapDncEndpoints(this IEndpointRouteBuilder app)
    {
        var client = app.MapGroup("/api/v1/dnc").WithTags("Do-not-call").RequireAuthorization(Policies.Client);

        client.MapPost("/", async Task<Results<Created<DncEntryDto>, Ok<DncEntryDto>>> (AddDncEntryRequest request, AddDncEntryHandler handler, CancellationToken ct) =>
                Answer(await handler.HandleAsync(request, ct), "/api/v1/dnc/"))
            .ProducesValidationProblem()
            .WithSummary("Add a number to the client's do-not-call list")
            .WithDescription("The number is normalised to E.164 with the client's default country. 201 with the new entry, "
                + "or 200 with the existing one when the number is already listed; 400 `errors.phone_number` when it is not a callable number.");

        client.MapPost("/import", async (HttpRequest http, ImportDncEntriesHandler handler, CancellationToken ct) =>
            {
                var upload = await DncUploadForm.ReadAsync(http, ct);
                await using var content = upload.File.OpenReadStream();
                return TypedResults.Ok(await handler.HandleAsync(content, upload.DefaultCountry, ct));
            })
            .Accepts<DncUploadForm>("multipart/form-data")
            .DisableAntiforgery() // API callers use bearer tokens; the page calls the handler directly
            .WithMetadata(new RequestSizeLimitAttribute(DncFile.MaxBytes + 64 * 1024))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Bulk import numbers into the client's do-not-call list")
            .WithDescription(ImportDescription);

        client.MapGet("/", async (ListDncEntriesHandler handler, [AsParameters] ListDncQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(filter, page, ct)))
            .WithSummary("The client's do-not-call list, newest first; search by digits of the number");

        client.MapDelete("/{phone}", async Task<Results<NoContent, NotFound>> (string phone, RemoveDncEntryHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(phone, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .ProducesValidationProblem()
            .WithSummary("Remove a number from the client's do-not-call list")
            .WithDescription("`phone` as E.164 (`+14155550100`, URL-encoded or not) or in national format of the client's default country. 404 when it is not listed.");

        var admin = app.MapGroup("/api/v1/admin/dnc").WithTags("Admin: do-not-call").RequireAuthorization(Policies.SuperAdmin);

        admin.MapPost("/", async Task<Results<Created<DncEntryDto>, Ok<DncEntryDto>>> (AddPlatformDncEntryRequest request, AddPlatformDncEntryHandler handler, CancellationToken ct) =>
                Answer(await handler.HandleAsync(request, ct), "/api/v1/admin/dnc/"))
            .ProducesValidationProblem()
            .WithSummary("Add a number to the platform-wide do-not-call list (applies to every client)")
            .WithDescription("International format (+…), or national with `default_country`. 201 new, 200 already listed.");

        admin.MapPost("/import", async (HttpRequest http, ImportPlatformDncEntriesHandler handler, CancellationToken ct) =>
            {
                var upload = await DncUploadForm.ReadAsync(http, ct);
                await using var content = upload.File.OpenReadStream();
                return TypedResults.Ok(await handler.HandleAsync(content, upload.DefaultCountry, ct));
            })
            .Accepts<DncUploadForm>("multipart/form-data")
            .DisableAntiforgery() // API callers use bearer tokens; the page calls the handler directly
            .WithMetadata(new RequestSizeLimitAttribute(DncFile.MaxBytes + 64 * 1024))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Bulk import numbers into the platform-wide do-not-call list")
            .WithDescription(ImportDescription + " Without `default_country` only international numbers are read.");

        admin.MapGet("/", async (ListPlatformDncEntriesHandler handler, [AsParameters] ListDncQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(filter, page, ct)))
            .WithSummary("The platform-wide do-not-call list, newest first; search by digits of the number");

        admin.MapDelete("/{phone}", async Task<Results<NoContent, NotFound>> (string phone, [FromQuery(Name = "default_country")] string? defaultCountry,
                RemovePlatformDncEntryHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(phone, defaultCountry, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .ProducesValidationProblem()
            .WithSummary("Remove a number from the platform-wide do-not-call list")
            .WithDescription("`phone` as E.164 (URL-encoded or not), or national with `?default_country=`. 404 when it is not listed.");
        return app;
    }

    private static Results<Created<DncEntryDto>, Ok<DncEntryDto>> Answer(DncAddResult result, string basePath) => result.Created
        ? TypedResults.Created(basePath + Uri.EscapeDataString(result.Entry.PhoneNumber), result.Entry)
        : TypedResults.Ok(result.Entry);
}
