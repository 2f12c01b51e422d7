using System.Net;
using ConvoMono.Features.Analytics;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Analytics;

/// <summary>Monthly usage statements for the client and for the super admin, against the ledger and the calls.</summary>
public sealed class StatementTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task This_months_statement_has_the_minutes_granted_used_held_and_remaining_and_the_amount_per_campaign(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60); // 3,600 s granted now; 0.25 per minute, every started minute
        var solar = await CallSeeder.CampaignAsync(tenant, "Solar");
        var roofs = await CallSeeder.CampaignAsync(tenant, "Roofs");
        var now = DateTime.UtcNow;
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, solar.Id, [new(now, 61, "converted", 10m), new(now, 30, "not_converted", 5m)]); // 180 s, 0.75
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, roofs.Id, [new(now, 15, "voicemail", 2m)]);                                    //  60 s, 0.25
        using var admin = await api.AdminAsync();
        await (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = 10, kind = "grant", amount_paid = 4.50m })).ReadAsync<object>();

        var statement = await (await tenant.Owner.GetAsync("/api/v1/statements")).ReadAsync<StatementDto>();
        Assert.Equal($"{now:yyyy-MM}", statement.Month);
        Assert.Equal((0L, 4200L, 0L, 240L, 3960L, 0L, 3960L), (statement.OpeningBalanceSeconds, statement.GrantedSeconds, statement.AdjustedSeconds,
            statement.UsedSeconds, statement.ClosingBalanceSeconds, statement.HeldSeconds!.Value, statement.RemainingSeconds));
        Assert.Equal((70m, 4m, 66m, 4.50m), (statement.MinutesGranted, statement.MinutesUsed, statement.MinutesRemaining, statement.AmountPaid!.Value));
        Assert.Equal([("Solar", 2L, 180L, 0.75m), ("Roofs", 1L, 60L, 0.25m)],
            statement.Campaigns.Select(c => (c.Name!, c.Calls, c.BilledSeconds, c.AmountBilled)));
        Assert.Equal(1.00m, statement.AmountBilled);

        // The admin reads the same for this client; the CSV carries it; last year's month is empty; bad input refused.
        var asAdmin = await (await admin.GetAsync($"/api/v1/admin/clients/{tenant.Id}/statements")).ReadAsync<StatementDto>();
        Assert.Equal((statement.UsedSeconds, statement.AmountBilled), (asAdmin.UsedSeconds, asAdmin.AmountBilled));
        var csv = await (await tenant.Owner.GetAsync("/api/v1/statements?format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("used_minutes,4.00", csv);
        Assert.Contains("Solar,2,3.00,0.75", csv);
        var old = await (await tenant.Owner.GetAsync($"/api/v1/statements?month={now.AddYears(-1):yyyy-MM}")).ReadAsync<StatementDto>();
        Assert.Equal((0L, 0L, (long?)null, 0), (old.UsedSeconds, old.ClosingBalanceSeconds, old.HeldSeconds, old.Campaigns.Count));
        await (await tenant.Owner.GetAsync("/api/v1/statements?month=2026-13")).ProblemAsync(400);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Owner.GetAsync($"/api/v1/admin/clients/{tenant.Id}/statements")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/admin/clients/{Guid.NewGuid()}/statements")).StatusCode);
        using var other = await api.NewTenantAsync();
        Assert.Empty((await (await other.Owner.GetAsync("/api/v1/statements")).ReadAsync<StatementDto>()).Campaigns);
    }
}
