using ConvoMono.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Analytics.Expenses;

public static class ExpenseEndpoints
{
    public static IEndpointRouteBuilder MapExpenseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/expenses").WithTags("Admin: reports").RequireAuthorization(Policies.SuperAdmin);
        group.MapGet("/", async (ListExpensesHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithSummary("The operator's operational expenses (named monthly amounts in USD, from a first month to an optional last month)");
        group.MapPost("/", async (SaveExpenseRequest request, SaveExpenseHandler handler, CancellationToken ct) =>
            {
                var expense = await handler.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/admin/expenses/{expense.Id}", expense);
            })
            .ProducesValidationProblem()
            .WithSummary("Record an operational expense; the profit report takes it off the profit as net profit, accrued per day");
        group.MapPut("/{id:guid}", async Task<Results<Ok<OperationalExpenseDto>, NotFound>> (Guid id, SaveExpenseRequest request, SaveExpenseHandler handler,
                CancellationToken ct) => await handler.UpdateAsync(id, request, ct) is { } expense ? TypedResults.Ok(expense) : TypedResults.NotFound())
            .ProducesValidationProblem()
            .WithSummary("Change an operational expense (every field; no last month means it goes on)");
        group.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, SaveExpenseHandler handler, CancellationToken ct) =>
                await handler.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Delete an operational expense");
        return app;
    }
}
