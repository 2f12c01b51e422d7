using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Credits;

public static class CreditsEndpoints
{
    public static IEndpointRouteBuilder MapCreditsEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/clients/{id:guid}").WithTags("Admin: credits").RequireAuthorization(Policies.SuperAdmin);

        admin.MapPost("/credits", async Task<Results<Created<CreditEntryDto>, NotFound>> (Guid id, AddCreditsRequest request, AdminCreditsHandler handler, CancellationToken ct) =>
                await handler.AddAsync(id, request, ct) is { } entry ? TypedResults.Created($"/api/v1/admin/clients/{id}/ledger", entry) : TypedResults.NotFound())
            .WithSummary("Grant minutes (optionally with the amount paid) or adjust them with a reason");
        admin.MapGet("/credits", async Task<Results<Ok<CreditBalanceDto>, NotFound>> (Guid id, AdminCreditsHandler handler, CancellationToken ct) =>
                await handler.BalanceAsync(id, ct) is { } balance ? TypedResults.Ok(balance) : TypedResults.NotFound())
            .WithSummary("A client's balance, held and available credit");
        admin.MapPut("/credits/low-balance-threshold", async Task<Results<NoContent, NotFound>> (Guid id, SetLowBalanceThresholdRequest request, AdminCreditsHandler handler, CancellationToken ct) =>
                await handler.SetThresholdAsync(id, request, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Set the available minutes below which the client is warned");
        admin.MapGet("/ledger", async Task<Results<Ok<Page<CreditEntryDto>>, NotFound>> (Guid id, AdminCreditsHandler admins, ListLedgerHandler handler,
                [AsParameters] LedgerQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
                await admins.ExistsAsync(id, ct) ? TypedResults.Ok(await handler.HandleAsync(id, filter, page, ct)) : TypedResults.NotFound())
            .WithSummary("A client's ledger, newest first");

        var client = app.MapGroup("/api/v1/credits").WithTags("Credits").RequireAuthorization(Policies.Client);
        client.MapGet("/", async (CreditLedger ledger, TenantContext caller, CancellationToken ct) =>
                TypedResults.Ok(await ledger.GetBalanceAsync(caller.TenantId!.Value, ct)))
            .WithSummary("Balance, held and available credit in seconds and minutes");
        client.MapGet("/ledger", async (ListLedgerHandler handler, TenantContext caller, [AsParameters] LedgerQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(caller.TenantId!.Value, filter, page, ct)))
            .WithSummary("The client's own ledger, newest first; filter by kind, campaign and time");
        client.MapGet("/burn-down", async (ListLedgerHandler handler, TenantContext caller, CancellationToken ct, int days = 30) =>
                TypedResults.Ok(await handler.BurnDownAsync(caller.TenantId!.Value, Math.Clamp(days, 1, 366), ct)))
            .WithSummary("Available credit at the end of each day in the client's time zone, with daily consumption");
        return app;
    }
}
