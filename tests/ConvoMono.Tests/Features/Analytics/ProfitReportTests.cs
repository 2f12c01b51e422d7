using System.Net;
using ConvoMono.Features.Analytics;
using ConvoMono.Features.Clients;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Analytics;

/// <summary>The super admin's profit report against figures worked out by hand. The calls are dated in February 2024,
/// days no other test uses, so the report's totals are this test's alone.</summary>
public sealed class ProfitReportTests(TestApps apps)
{
    private static readonly DateTime Feb10 = new(2024, 2, 10, 0, 0, 0, DateTimeKind.Utc);
    private const string Range = "from=2024-02-10&to=2024-02-12";

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Profit_by_client_campaign_and_day_adds_up_to_the_calls_the_numbers_and_the_same_totals(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        // A: USD at 0.25/min, every started minute billed. B: EUR at 0.20/min.
        using var usd = await api.NewTenantAsync(initialMinutes: 60, name: "Profit USD " + Guid.NewGuid().ToString("N")[..6]);
        var bEmail = TestApi.UniqueEmail("owner");
        var b = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name = "Profit EUR " + Guid.NewGuid().ToString("N")[..6], billing_rate_per_minute = 0.20m, currency = "EUR", initial_minutes = 60,
            owner_email = bEmail, owner_password = TestApi.Password,
        })).ReadAsync<ClientDto>();
        var services = api.Factory.Services;
        var a1 = await CallSeeder.CampaignAsync(usd, "Solar A1");
        var a2 = await CallSeeder.CampaignAsync(usd, "Solar A2");
        await CallSeeder.SeedAsync(services, usd.Id, a1.Id,
        [
            new(Feb10.AddHours(9), 61, "converted", 12.34m),      // 120 s, 0.50, Retell 0.1234
            new(Feb10.AddHours(10), 30, "not_converted", 5m),     //  60 s, 0.25, Retell 0.05
            new(Feb10.AddDays(1).AddHours(9), 15, "voicemail", 2.5m), // 60 s, 0.25, Retell 0.025
        ]);
        await CallSeeder.SeedAsync(services, usd.Id, a2.Id, [new(Feb10.AddDays(2).AddHours(9), 0, "no_answer", 0m)]);
        using (var bOwner = await api.SignInAsync(bEmail))
        {
            var bTenant = new TestTenant(b, bEmail, bOwner);
            var b1 = await CallSeeder.CampaignAsync(bTenant, "Euro B1");
            await CallSeeder.SeedAsync(services, b.Id, b1.Id, [new(Feb10.AddHours(11), 100, "converted", 20m)]); // 120 s, 0.40 EUR, Retell 0.20
        }
        // A number assigned to A for 24 hours from Feb 10 noon at 29.00 a month (February 2024 has 29 days: 1.00 a day).
        await using (var ctx = services.GetRequiredService<TenantDbFactory>().Platform())
        {
            var number = PhoneNumber.Acquire("+1415" + Random.Shared.Next(2_000_000, 9_999_999), PhoneNumberProvider.Imported, "US", 415, 29m, "USD",
                null, null, "example.pstn.twilio.com", Feb10);
            var assignment = PhoneNumberAssignment.Open(number, usd.Id, Feb10.AddHours(12));
            assignment.Close(Feb10.AddHours(36));
            ctx.PhoneNumbers.Add(number);
            ctx.PhoneNumberAssignments.Add(assignment);
            await ctx.SaveChangesAsync();
        }

        var byClient = await (await admin.GetAsync($"/api/v1/admin/reports/profit?{Range}&group_by=client")).ReadAsync<ProfitReportDto>();
        Assert.Equal((new DateOnly(2024, 2, 10), new DateOnly(2024, 2, 12), "client"), (byClient.From, byClient.To, byClient.GroupBy));
        var a = byClient.Rows.Single(r => r.ClientId == usd.Id);
        Assert.Equal((4L, 240L, 1.00m, 0.1984m, 1.00m, -0.1984m, -0.1984), (a.Calls, a.BilledSeconds, a.Revenue, a.RetellCost, a.NumberCost, a.Profit!.Value, a.Margin!.Value));
        Assert.Equal("USD", a.Currency);
        var euro = byClient.Rows.Single(r => r.ClientId == b.Id);
        Assert.Equal((1L, 120L, 0.40m, "EUR", 0.20m), (euro.Calls, euro.BilledSeconds, euro.Revenue, euro.Currency, euro.RetellCost));
        Assert.Null(euro.Profit);
        Assert.Null(euro.Margin);
        Assert.Equal((4L, 240L, 1.00m, 0.1984m, 1.00m, -0.1984m), (byClient.Totals.Calls, byClient.Totals.BilledSeconds, byClient.Totals.Revenue,
            byClient.Totals.RetellCost, byClient.Totals.NumberCost, byClient.Totals.Profit));
        var other = Assert.Single(byClient.Totals.OtherCurrencies);
        Assert.Equal(("EUR", 0.40m, 0.20m), (other.Currency, other.Revenue, other.RetellCost));

        var byDay = await (await admin.GetAsync($"/api/v1/admin/reports/profit?{Range}&group_by=day")).ReadAsync<ProfitReportDto>();
        Assert.Equal(["2024-02-10", "2024-02-10:EUR", "2024-02-11", "2024-02-12"], byDay.Rows.Select(r => r.Key));
        Assert.Equal((2L, 0.75m, 0.1734m, 0.50m, 0.0766m), (byDay.Rows[0].Calls, byDay.Rows[0].Revenue, byDay.Rows[0].RetellCost, byDay.Rows[0].NumberCost, byDay.Rows[0].Profit!.Value));
        Assert.Equal((1L, 0.25m, 0.025m, 0.50m, -0.275m), (byDay.Rows[2].Calls, byDay.Rows[2].Revenue, byDay.Rows[2].RetellCost, byDay.Rows[2].NumberCost, byDay.Rows[2].Profit!.Value));
        Assert.Equal((1L, 0m, 0m, (double?)null), (byDay.Rows[3].Calls, byDay.Rows[3].Revenue, byDay.Rows[3].Profit!.Value, byDay.Rows[3].Margin));

        var byCampaign = await (await admin.GetAsync($"/api/v1/admin/reports/profit?{Range}&group_by=campaign")).ReadAsync<ProfitReportDto>();
        var solar = byCampaign.Rows.Single(r => r.CampaignId == a1.Id);
        Assert.Equal(("Solar A1", usd.Client.Name, 3L, 1.00m, 0.1984m, 0m), (solar.CampaignName, solar.ClientName, solar.Calls, solar.Revenue, solar.RetellCost, solar.NumberCost));
        var numbers = byCampaign.Rows.Single(r => r.ClientId == usd.Id && r.CampaignId is null);
        Assert.Equal(("Phone numbers", 1.00m, -1.00m), (numbers.CampaignName, numbers.NumberCost, numbers.Profit!.Value));

        // Every grouping gives the same totals.
        static object Sums(ProfitTotalsDto t) => (t.Calls, t.BilledSeconds, t.Revenue, t.RetellCost, t.NumberCost, t.Profit, t.Margin);
        foreach (var report in new[] { byDay, byCampaign }) Assert.Equal(Sums(byClient.Totals), Sums(report.Totals));
        Assert.Equal(other, Assert.Single(byDay.Totals.OtherCurrencies));
        Assert.Equal(other, Assert.Single(byCampaign.Totals.OtherCurrencies));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Only_the_super_admin_reads_it_and_bad_ranges_are_refused(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Owner.GetAsync("/api/v1/admin/reports/profit")).StatusCode);
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/reports/profit")).StatusCode);

        using var admin = await api.AdminAsync();
        var month = await (await admin.GetAsync("/api/v1/admin/reports/profit")).ReadAsync<ProfitReportDto>();
        Assert.Equal(1, month.From.Day);
        Assert.Equal(month.From.AddMonths(1).AddDays(-1), month.To);
        var bad = await (await admin.GetAsync("/api/v1/admin/reports/profit?group_by=week")).ProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("group_by", out _), bad.ToString());
        await (await admin.GetAsync("/api/v1/admin/reports/profit?from=2024-03-01&to=2024-02-01")).ProblemAsync(400);
        await (await admin.GetAsync("/api/v1/admin/reports/profit?from=2022-01-01&to=2024-02-01")).ProblemAsync(400);
    }
}
