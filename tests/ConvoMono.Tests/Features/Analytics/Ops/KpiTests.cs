using System.Net;
using ConvoMono.Features.Analytics.Ops;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Analytics.Ops;

/// <summary>The operator's business KPIs against figures worked out by hand. The calls are in April and May 2023, months
/// no other test uses (the KPIs are platform-wide).</summary>
public sealed class KpiTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Kpis_cover_conversion_success_quality_margin_cost_usage_and_retention_with_their_trends(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var x = await api.NewTenantAsync(initialMinutes: 60); // USD, 0.25 per minute, every started minute
        using var y = await api.NewTenantAsync(initialMinutes: 60);
        using var z = await api.NewTenantAsync(initialMinutes: 60);
        var xc = await CallSeeder.CampaignAsync(x);
        var yc = await CallSeeder.CampaignAsync(y);
        var zc = await CallSeeder.CampaignAsync(z);
        var may10 = new DateTime(2023, 5, 10, 14, 0, 0, DateTimeKind.Utc);
        await CallSeeder.SeedAsync(api.Factory.Services, x.Id, xc.Id,
        [
            new(new DateTime(2023, 4, 15, 14, 0, 0, DateTimeKind.Utc), 100, "converted", 20m, "Positive"), // April: the month before
            new(may10, 61, "converted", 12m, "Positive"), new(may10.AddMinutes(5), 30, "not_converted", 6m, "Negative"),
            new(may10.AddMinutes(9), 0, "no_answer", 0m),
        ]);
        await CallSeeder.SeedAsync(api.Factory.Services, y.Id, yc.Id, [new(may10.AddDays(10), 15, "voicemail", 3m)]);
        // z called in April only: it did not come back in May.
        await CallSeeder.SeedAsync(api.Factory.Services, z.Id, zc.Id, [new(new DateTime(2023, 4, 20, 9, 0, 0, DateTimeKind.Utc), 30, "not_converted", 5m)]);

        using var admin = await api.AdminAsync();
        var kpis = await (await admin.GetAsync("/api/v1/admin/reports/kpis?from=2023-05-01&to=2023-05-31")).ReadAsync<KpisDto>();
        Assert.Equal((4L, 3L, 1L), (kpis.Calls, kpis.Connected, kpis.Converted));
        Assert.Equal((0.3333, 0.75, 0.25, 0.25), (kpis.ConversionRate!.Value, kpis.SuccessRate!.Value, kpis.PositiveShare!.Value, kpis.SuccessfulShare!.Value));
        Assert.Equal((0.0525m, 0.1189m), (kpis.CostPerCall!.Value, kpis.CostPerMinute!.Value)); // 0.21 USD over 4 calls, over 106 connected seconds
        Assert.Equal((240L, 4.00m, 0.79), (kpis.BilledSeconds, kpis.MinutesUsed, kpis.Margin!.Value)); // revenue 1.00, Retell 0.21
        // May: x and y called; April: x and z. One of April's two came back.
        Assert.Equal((2, 1, 2, 0.5), (kpis.ActiveClients, kpis.RetainedClients, kpis.PreviousMonthClients, kpis.Retention!.Value));

        Assert.Equal(31, kpis.Days.Count);
        var tenth = kpis.Days.Single(d => d.Day == new DateOnly(2023, 5, 10));
        // 3 calls, 2 connected (91 s), 1 converted, 1 positive of 3 analyzed; billed 120 + 60 s = 0.75 USD; Retell 0.18 USD.
        Assert.Equal((3L, 2L, 0.5, 0.6667, 0.3333, 0.3333), (tenth.Calls, tenth.Connected, tenth.ConversionRate!.Value, tenth.SuccessRate!.Value,
            tenth.PositiveShare!.Value, tenth.SuccessfulShare!.Value));
        Assert.Equal((0.76, 0.06m, 0.1187m, 3.00m), (tenth.Margin!.Value, tenth.CostPerCall!.Value, tenth.CostPerMinute!.Value, tenth.MinutesUsed));
        var twentieth = kpis.Days.Single(d => d.Day == new DateOnly(2023, 5, 20));
        Assert.Equal((0.0, 1.0, 0.88, 0.03m, 0.12m, 1.00m), (twentieth.ConversionRate!.Value, twentieth.SuccessRate!.Value, twentieth.Margin!.Value,
            twentieth.CostPerCall!.Value, twentieth.CostPerMinute!.Value, twentieth.MinutesUsed));
        var quiet = kpis.Days.Single(d => d.Day == new DateOnly(2023, 5, 11));
        Assert.Equal((0L, (double?)null, (double?)null, (decimal?)null), (quiet.Calls, quiet.ConversionRate, quiet.Margin, quiet.CostPerMinute));
        var may = Assert.Single(kpis.Months);
        Assert.Equal((new DateOnly(2023, 5, 1), 2, 2, 1, 0.5), (may.Month, may.ActiveClients, may.PreviousMonthClients, may.RetainedClients, may.Retention!.Value));

        // Over both months: retention per month (nobody called in March 2023, so April has no figure).
        var both = await (await admin.GetAsync("/api/v1/admin/reports/kpis?from=2023-04-01&to=2023-05-31")).ReadAsync<KpisDto>();
        Assert.Equal((6L, 61, 2), (both.Calls, both.Days.Count, both.Months.Count));
        Assert.Equal((2, 0, 0, (double?)null), (both.Months[0].ActiveClients, both.Months[0].PreviousMonthClients, both.Months[0].RetainedClients, both.Months[0].Retention));
        Assert.Equal(0.5, both.Months[1].Retention);
        // Every trend adds up to its total.
        Assert.Equal((both.Calls, both.Connected, both.BilledSeconds), (both.Days.Sum(d => d.Calls), both.Days.Sum(d => d.Connected), both.Days.Sum(d => d.BilledSeconds)));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Kpis_are_for_the_operator_only_and_check_their_range(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Owner.GetAsync("/api/v1/admin/reports/kpis")).StatusCode);
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/reports/kpis")).StatusCode);

        using var admin = await api.AdminAsync();
        await (await admin.GetAsync("/api/v1/admin/reports/kpis?from=2023-06-01&to=2023-05-01")).ProblemAsync(400);
        var recent = await (await admin.GetAsync("/api/v1/admin/reports/kpis")).ReadAsync<KpisDto>();
        Assert.Equal((30, DateOnly.FromDateTime(DateTime.UtcNow)), (recent.Days.Count, recent.To)); // default: the last 30 days
    }
}
