using System.Net;
using ConvoMono.Features.Analytics;
using ConvoMono.Features.Analytics.Expenses;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Analytics;

/// <summary>Operational expenses and the net profit they make. Expenses are platform-wide, so each test uses months no
/// other test touches (2021 and 2099) and the report figures are this class's alone.</summary>
public sealed class ExpenseTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Net_profit_takes_each_expense_off_day_by_day_over_the_months_it_covers(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        using var tenant = await api.NewTenantAsync(initialMinutes: 60);
        var campaign = await CallSeeder.CampaignAsync(tenant, "Expenses");
        // 61 s billed as 120 s at 0.25/min = 0.50; Retell 0.1234: profit 0.3766.
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, campaign.Id, [new(new DateTime(2021, 6, 15, 10, 0, 0, DateTimeKind.Utc), 61, "converted", 12.34m)]);
        var hosting = await (await admin.PostJsonAsync("/api/v1/admin/expenses", new
        {
            name = "Hosting", monthly_amount = 300m, first_month = "2021-06", last_month = "2021-07", note = "Two servers",
        })).ReadAsync<OperationalExpenseDto>(HttpStatusCode.Created);
        Assert.Equal(("Hosting", 300m, "USD", "2021-06", "2021-07", "Two servers"),
            (hosting.Name, hosting.MonthlyAmount, hosting.Currency, hosting.FirstMonth, hosting.LastMonth, hosting.Note));
        await (await admin.PostJsonAsync("/api/v1/admin/expenses", new { name = "Staff", monthly_amount = 1000m, first_month = "2021-07", last_month = "2021-07" }))
            .ReadAsync<OperationalExpenseDto>(HttpStatusCode.Created);

        // A whole month carries the whole amount.
        var june = (await (await admin.GetAsync("/api/v1/admin/reports/profit?from=2021-06-01&to=2021-06-30")).ReadAsync<ProfitReportDto>()).Totals;
        Assert.Equal((0.3766m, 300m, -299.6234m, -599.2468), (june.Profit, june.OperationalExpenses, june.NetProfit, june.NetMargin!.Value));
        Assert.Equal(("Hosting", 300m), (Assert.Single(june.Expenses).Name, june.Expenses[0].Amount));

        // June 16–July 15: 15/30 of June's hosting, 15/31 of July's hosting and staff; no calls, so no margin.
        foreach (var groupBy in new[] { "client", "campaign", "day" })
        {
            var split = (await (await admin.GetAsync($"/api/v1/admin/reports/profit?from=2021-06-16&to=2021-07-15&group_by={groupBy}")).ReadAsync<ProfitReportDto>()).Totals;
            Assert.Equal((0m, 779.032258m, -779.032258m, (double?)null), (split.Profit, split.OperationalExpenses, split.NetProfit, split.NetMargin));
            Assert.Equal([("Staff", 483.870968m), ("Hosting", 295.161290m)], split.Expenses.Select(e => (e.Name, e.Amount)));
        }

        // August is past both.
        var august = (await (await admin.GetAsync("/api/v1/admin/reports/profit?from=2021-08-01&to=2021-08-31")).ReadAsync<ProfitReportDto>()).Totals;
        Assert.Equal((0m, 0m), (august.OperationalExpenses, august.NetProfit));
        Assert.Empty(august.Expenses);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_admin_adds_changes_and_deletes_expenses_with_an_audit_trail_and_bad_input_changes_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        var name = "Tools " + Guid.NewGuid().ToString("N")[..6];
        var created = await (await admin.PostJsonAsync("/api/v1/admin/expenses", new { name, monthly_amount = 49.99m, first_month = "2099-01" }))
            .ReadAsync<OperationalExpenseDto>(HttpStatusCode.Created);
        Assert.Null(created.LastMonth);
        var ongoing = (await (await admin.GetAsync("/api/v1/admin/reports/profit?from=2099-03-01&to=2099-03-31")).ReadAsync<ProfitReportDto>()).Totals;
        Assert.Contains(ongoing.Expenses, e => e.Id == created.Id && e.Amount == 49.99m);

        var changed = await (await admin.PutJsonAsync($"/api/v1/admin/expenses/{created.Id}", new
        {
            name, monthly_amount = 59.99m, first_month = "2099-01", last_month = "2099-02",
        })).ReadAsync<OperationalExpenseDto>();
        Assert.Equal((59.99m, "2099-02"), (changed.MonthlyAmount, changed.LastMonth));
        var march = (await (await admin.GetAsync("/api/v1/admin/reports/profit?from=2099-03-01&to=2099-03-31")).ReadAsync<ProfitReportDto>()).Totals;
        Assert.DoesNotContain(march.Expenses, e => e.Id == created.Id);
        Assert.Contains(await (await admin.GetAsync("/api/v1/admin/expenses")).ReadAsync<List<OperationalExpenseDto>>(), e => e.Id == created.Id && e.MonthlyAmount == 59.99m);

        // Bad input: a clear 400 per field, and the expense is as it was.
        var noName = await (await admin.PutJsonAsync($"/api/v1/admin/expenses/{created.Id}", new { name = "", monthly_amount = 10m, first_month = "2099-01" }))
            .ProblemAsync(400);
        Assert.True(noName.GetProperty("errors").TryGetProperty("name", out _), noName.ToString());
        var bad = await (await admin.PutJsonAsync($"/api/v1/admin/expenses/{created.Id}", new
        {
            name = "Tools", monthly_amount = 10.001m, first_month = "2099-13", last_month = "2098-01",
        })).ProblemAsync(400);
        foreach (var field in new[] { "monthly_amount", "first_month" }) Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), bad.ToString());
        var backwards = await (await admin.PostJsonAsync("/api/v1/admin/expenses", new { name = "x", monthly_amount = 1m, first_month = "2099-05", last_month = "2099-04" }))
            .ProblemAsync(400);
        Assert.True(backwards.GetProperty("errors").TryGetProperty("last_month", out _), backwards.ToString());
        await (await admin.PostJsonAsync("/api/v1/admin/expenses", new { name = "x", monthly_amount = 0m, first_month = "2099-05" })).ProblemAsync(400);
        Assert.Equal(59.99m, (await (await admin.GetAsync("/api/v1/admin/expenses")).ReadAsync<List<OperationalExpenseDto>>()).Single(e => e.Id == created.Id).MonthlyAmount);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/expenses/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/admin/expenses/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutJsonAsync($"/api/v1/admin/expenses/{created.Id}", new { name, monthly_amount = 1m, first_month = "2099-01" })).StatusCode);
        Assert.DoesNotContain(await (await admin.GetAsync("/api/v1/admin/expenses")).ReadAsync<List<OperationalExpenseDto>>(), e => e.Id == created.Id);

        var audit = (await (await admin.GetAsync("/api/v1/admin/audit?limit=500")).ReadAsync<Page<AuditEntryDto>>()).Data
            .Where(e => e.TargetId == created.Id.ToString()).Select(e => e.Action).OrderBy(a => a).ToList();
        Assert.Equal(["expense.created", "expense.deleted", "expense.updated"], audit);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Only_the_super_admin_sees_or_changes_expenses(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var anonymous = api.Anonymous();
        var body = new { name = "Sneaky", monthly_amount = 1m, first_month = "2099-01" };
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Owner.GetAsync("/api/v1/admin/expenses")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Owner.PostJsonAsync("/api/v1/admin/expenses", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync("/api/v1/admin/expenses", body)).StatusCode);
        using var admin = await api.AdminAsync();
        Assert.DoesNotContain(await (await admin.GetAsync("/api/v1/admin/expenses")).ReadAsync<List<OperationalExpenseDto>>(), e => e.Name == "Sneaky");
    }
}
