using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.PhoneNumbers;

public static class PhoneNumberEndpoints
{
    public static IEndpointRouteBuilder MapPhoneNumberEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/phone-numbers").WithTags("Admin: phone numbers").RequireAuthorization(Policies.SuperAdmin);

        admin.MapGet("/", async (ListPhoneNumbersHandler handler, [AsParameters] ListPhoneNumbersQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(filter, page, ct)))
            .WithSummary("The number inventory with each number's client, newest first; filter by status and client (released numbers only with status=released)");
        admin.MapGet("/available", async (SearchAvailableNumbersHandler handler, [AsParameters] SearchAvailableNumbersQuery query, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(query, ct)))
            .WithSummary("Numbers for sale at Twilio by country and area code (Retell picks a number by area code at purchase, without a search)");
        admin.MapGet("/{id:guid}", async Task<Results<Ok<PhoneNumberDto>, NotFound>> (Guid id, ListPhoneNumbersHandler handler, CancellationToken ct) =>
                await handler.GetAsync(id, ct) is { } number ? TypedResults.Ok(number) : TypedResults.NotFound())
            .WithSummary("Read a number of the inventory");
        admin.MapPost("/purchase", async Task<Created<PhoneNumberDto>> (PurchasePhoneNumberRequest request, PurchasePhoneNumberHandler handler, CancellationToken ct) =>
            {
                var number = await handler.HandleAsync(request, ct);
                return TypedResults.Created($"/api/v1/admin/phone-numbers/{number.Id}", number);
            })
            .WithSummary("Buy a number at Retell (by area code) or at Twilio (imported into Retell over the SIP trunk)");
        admin.MapPost("/import", async Task<Created<PhoneNumberDto>> (ImportPhoneNumberRequest request, ImportPhoneNumberHandler handler, CancellationToken ct) =>
            {
                var number = await handler.HandleAsync(request, ct);
                return TypedResults.Created($"/api/v1/admin/phone-numbers/{number.Id}", number);
            })
            .WithSummary("Import a number the operator already has at a carrier into Retell over SIP");
        admin.MapPost("/{id:guid}/assign", async Task<Results<Ok<PhoneNumberDto>, NotFound>> (Guid id, AssignPhoneNumberRequest request, AssignPhoneNumberHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, request, ct) is { } number ? TypedResults.Ok(number) : TypedResults.NotFound())
            .WithSummary("Assign an available number to a client");
        admin.MapPost("/{id:guid}/release", async Task<Results<Ok<PhoneNumberDto>, NotFound>> (Guid id, ReleasePhoneNumberRequest? request, ReleasePhoneNumberHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, request ?? new(), ct) is { } number ? TypedResults.Ok(number) : TypedResults.NotFound())
            .WithSummary("Take a number back from its client into the pool; 409 phone_numbers.in_use while campaigns call from it, unless confirm_pause pauses them");
        admin.MapPatch("/{id:guid}", async Task<Results<Ok<PhoneNumberDto>, NotFound>> (Guid id, UpdatePhoneNumberRequest request, UpdatePhoneNumberHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, request, ct) is { } number ? TypedResults.Ok(number) : TypedResults.NotFound())
            .WithSummary("Change a number's monthly cost (an assigned number starts a new cost period) or nickname");
        admin.MapDelete("/{id:guid}", async Task<Results<Ok<PhoneNumberDto>, NotFound>> (Guid id, GiveBackPhoneNumberHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } number ? TypedResults.Ok(number) : TypedResults.NotFound())
            .WithSummary("Give an unassigned number back to its provider (Retell, and Twilio for Twilio numbers); it stays listed as released");

        var client = app.MapGroup("/api/v1/phone-numbers").WithTags("Phone numbers").RequireAuthorization(Policies.Client);
        client.MapGet("/", async (ListClientPhoneNumbersHandler handler, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(page, ct)))
            .WithSummary("The numbers the operator has assigned to the client");
        client.MapGet("/{id:guid}", async Task<Results<Ok<ClientPhoneNumberDto>, NotFound>> (Guid id, ListClientPhoneNumbersHandler handler, CancellationToken ct) =>
                await handler.GetAsync(id, ct) is { } number ? TypedResults.Ok(number) : TypedResults.NotFound())
            .WithSummary("Read one of the client's numbers");
        return app;
    }
}
