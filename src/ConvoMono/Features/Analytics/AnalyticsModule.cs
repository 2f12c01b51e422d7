using ConvoMono.Features.Analytics.Expenses;
using ConvoMono.Infrastructure.Auth;

namespace ConvoMono.Features.Analytics;

public static class AnalyticsModule
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration("Analytics").ValidateDataAnnotations().ValidateOnStart();
        return services
        .AddScoped<PlatformInsightsHandler>()
        .AddScoped<ListExpensesHandler>()
        .AddScoped<SaveExpenseHandler>()
        .AddScoped<ProfitReportHandler>()
        .AddScoped<CampaignReportHandler>()
        .AddScoped<ClientDashboardHandler>()
        .AddScoped<ExportsHandler>()
        .AddScoped<UsageStatementHandler>();
    }

    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/reports").WithTags("Admin: reports").RequireAuthorization(Policies.SuperAdmin);
        admin.MapGet("/profit", async ([AsParameters] ProfitReportQuery query, ProfitReportHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(query, ct)))
            .ProducesValidationProblem()
            .WithSummary("Profit over a range of UTC days (default: this month), grouped by client, campaign or day: calls, billed seconds, "
                + "revenue (client's currency), Retell cost and number cost (USD, numbers accrued per day while assigned; in the campaign grouping "
                + "they are one line per client), profit and margin (clients billed in USD only). Totals add up the USD clients; other "
                + "currencies are summed apart.");

        admin.MapGet("/cost-drift", async (PlatformInsightsHandler handler, CancellationToken ct, int days = 7) =>
                TypedResults.Ok(await handler.CostDriftAsync(days, ct)))
            .WithSummary("Clients and campaigns whose Retell cost per connected minute over the last `days` days is above the threshold "
                + "(set by the admin, else Analytics__CostDriftThresholdPerMinute, USD), with the days before for comparison");
        admin.MapGet("/cost-drift/threshold", async (PlatformInsightsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.ThresholdAsync(ct)))
            .WithSummary("The cost drift threshold in use (USD per connected minute) and the configured default");
        admin.MapPut("/cost-drift/threshold", async (SetCostDriftThresholdRequest request, PlatformInsightsHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.SetThresholdAsync(request, ct)))
            .ProducesValidationProblem()
            .WithSummary("Change the cost drift threshold (USD per connected minute); `threshold_per_minute: null` goes back to the default");
        app.MapExpenseEndpoints();

        app.MapGet("/api/v1/admin/clients/{id:guid}/statements", async Task<IResult> (Guid id, [AsParameters] StatementQuery query,
                UsageStatementHandler handler, CancellationToken ct, string? format = null) =>
                await handler.HandleAsync(id, query, ct) is not { } statement ? TypedResults.NotFound()
                : format == "csv" ? Results.Text(UsageStatementHandler.Csv(statement), "text/csv; charset=utf-8")
                : TypedResults.Ok(statement))
            .WithTags("Admin: reports").RequireAuthorization(Policies.SuperAdmin).ProducesValidationProblem()
            .WithSummary("Any client's usage statement for a month (`month=YYYY-MM`, default this month); `format=csv` for the CSV");

        var client = app.MapGroup("/api/v1").WithTags("Analytics").RequireAuthorization(Policies.Client);
        client.MapGet("/campaigns/{id:guid}/report", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<CampaignReportDto>,
                Microsoft.AspNetCore.Http.HttpResults.NotFound>> (Guid id, CampaignReportHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } report ? TypedResults.Ok(report) : TypedResults.NotFound())
            .WithSummary("A campaign's results: funnel (leads, dialed, connected, converted), calls by outcome, leads by attempts, average "
                + "duration, minutes and amount billed, and calls per hour (UTC)");
        client.MapGet("/statements", async Task<IResult> ([AsParameters] StatementQuery query, UsageStatementHandler handler,
                ConvoMono.Infrastructure.Tenancy.TenantContext tenant, CancellationToken ct, string? format = null) =>
                await handler.HandleAsync(tenant.TenantId!.Value, query, ct) is not { } statement ? TypedResults.NotFound()
                : format == "csv" ? Results.Text(UsageStatementHandler.Csv(statement), "text/csv; charset=utf-8")
                : TypedResults.Ok(statement))
            .ProducesValidationProblem()
            .WithSummary("The client's usage statement for a month (`month=YYYY-MM`, default this month): minutes granted, used, held and "
                + "remaining, opening and closing balance, amount paid, amount billed per campaign; `format=csv` for the CSV");
        client.MapGet("/analytics/dashboard", async Task<IResult> ([AsParameters] DashboardQuery query, ClientDashboardHandler handler, CancellationToken ct,
                string? format = null) => await handler.HandleAsync(query, ct) is var dashboard && format == "csv"
                    ? Results.File(System.Text.Encoding.UTF8.GetBytes(ClientDashboardHandler.Csv(dashboard)), "text/csv; charset=utf-8",
                        $"dashboard-{dashboard.From:yyyy-MM-dd}-{dashboard.To:yyyy-MM-dd}.csv")
                    : TypedResults.Ok(dashboard))
            .Produces<DashboardDto>()
            .ProducesValidationProblem()
            .WithSummary("The client's calls per UTC day (default: the last 30 days) by outcome, conversion rate (converted / connected), "
                + "minutes and amount billed, and the credit balance at the end of each day; optionally for one campaign; `format=csv` for the days as CSV");
        client.MapGet("/calls/export", async Task<IResult> ([AsParameters] CallExportQuery query, ExportsHandler handler, CancellationToken ct) =>
                query.CampaignId is { } id && !await handler.CampaignExistsAsync(id, ct)
                    ? TypedResults.NotFound()
                    : Results.Stream(body => handler.WriteCallsAsync(query, body, ct), "text/csv; charset=utf-8", "calls.csv"))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .WithSummary("The client's calls as CSV (one campaign or all, placed within from/to, UTC), oldest first, with Retell's summary and "
                + "one column per analysis field; cells that would run as spreadsheet formulas are escaped");
        client.MapGet("/campaigns/{id:guid}/leads/export", async Task<IResult> (Guid id, ExportsHandler handler, CancellationToken ct) =>
                !await handler.CampaignExistsAsync(id, ct)
                    ? TypedResults.NotFound()
                    : Results.Stream(body => handler.WriteLeadsAsync(id, body, ct), "text/csv; charset=utf-8", "leads.csv"))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("A campaign's leads as CSV with their final status, attempts, last outcome and variables");
        return app;
    }
}
