using System.Net;
using System.Text.Json.Nodes;
using ConvoMono.Features.Analytics.Ops;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Analytics.Ops;

/// <summary>The Retell cost reconciliation of a day against the simulator's call list. Each database's test uses its own
/// day in June 2022 (no other test places calls then), so the workspace-wide comparison sees only these calls.</summary>
public sealed class ReconciliationTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_day_is_reconciled_call_by_call_and_every_kind_of_difference_is_flagged(Db db)
    {
        var api = await apps.ApiAsync(db);
        var day = new DateOnly(2022, 6, db == Db.Sqlite ? 15 : 16);
        var at = day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60);
        var campaign = await CallSeeder.CampaignAsync(tenant, "Spring offer");
        var calls = await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, campaign.Id,
        [
            new(at, 60, "converted", 12m),                 // a: the same on both sides
            new(at.AddMinutes(5), 30, "not_converted", 6m), // b: Retell says 6.5 cents
            new(at.AddMinutes(9), 45, "voicemail", 9m),     // c: Retell has no such call
            new(at.AddMinutes(13), 20, "not_converted", 10m), // f: Retell says 10.005 cents, within the tolerance
        ]);
        var (a, b, c, f) = (calls[0], calls[1], calls[2], calls[3]);
        var simulator = api.Factory.Services.GetRequiredService<RetellSimulatorState>();
        var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        Retell(simulator, a.RetellCallId!, a.StartedAt!.Value, 12m);
        Retell(simulator, b.RetellCallId!, b.StartedAt!.Value, 6.5m);
        Retell(simulator, f.RetellCallId!, f.StartedAt!.Value, 10.005m);
        var d = "call_recon_d_" + Guid.NewGuid().ToString("N")[..12]; // ours by its metadata, but not in our records
        Retell(simulator, d, at.AddHours(2), 4m, new JsonObject { ["client_id"] = tenant.Id.ToString(), ["campaign_id"] = campaign.Id.ToString() });
        var e = "call_recon_e_" + Guid.NewGuid().ToString("N")[..12]; // no metadata at all, still ongoing (no cost yet)
        Retell(simulator, e, at.AddHours(3), null);
        // Just outside the day on either side: not part of it.
        Retell(simulator, "call_recon_before_" + Guid.NewGuid().ToString("N")[..8], dayStart.AddMilliseconds(-1).UtcDateTime, 1m);
        Retell(simulator, "call_recon_after_" + Guid.NewGuid().ToString("N")[..8], dayStart.AddDays(1).UtcDateTime, 1m);

        using var admin = await api.AdminAsync();
        var report = await (await admin.GetAsync($"/api/v1/admin/reports/reconciliation?day={day:yyyy-MM-dd}")).ReadAsync<ReconciliationDto>();
        Assert.Equal(day, report.Day);
        Assert.Equal(new ReconciliationSideDto(4, 0.37m, 0), report.Ours);           // 0.12 + 0.06 + 0.09 + 0.10
        Assert.Equal(new ReconciliationSideDto(5, 0.32505m, 1), report.Retell);      // 0.12 + 0.065 + 0.10005 + 0.04, one without cost
        Assert.Equal((3, -0.04495m), (report.Matched, report.Difference));
        Assert.Equal((2, 1, 1, false), (report.MissingHere, report.MissingAtRetell, report.CostMismatches, report.Truncated));

        var mismatch = Assert.Single(report.Items, i => i.Kind == "cost_mismatch");
        Assert.Equal((b.RetellCallId, b.Id, tenant.Id, tenant.Client.Name, "Spring offer"), (mismatch.RetellCallId, mismatch.CallId!.Value, mismatch.ClientId!.Value, mismatch.ClientName, mismatch.CampaignName));
        Assert.Equal((0.06m, 0.065m, 0.005m), (mismatch.OurCost!.Value, mismatch.RetellCost!.Value, mismatch.Difference!.Value));
        var missingAtRetell = Assert.Single(report.Items, i => i.Kind == "missing_at_retell");
        Assert.Equal((c.RetellCallId, c.Id, 0.09m, (decimal?)null), (missingAtRetell.RetellCallId, missingAtRetell.CallId!.Value, missingAtRetell.OurCost!.Value, missingAtRetell.RetellCost));
        var missingHere = report.Items.Where(i => i.Kind == "missing_here").OrderBy(i => i.StartedAt).ToList();
        Assert.Equal([d, e], missingHere.Select(i => i.RetellCallId));
        Assert.Equal((tenant.Id, tenant.Client.Name, campaign.Id, "Spring offer", 0.04m), (missingHere[0].ClientId!.Value, missingHere[0].ClientName,
            missingHere[0].CampaignId!.Value, missingHere[0].CampaignName, missingHere[0].RetellCost!.Value));
        Assert.Equal(((Guid?)null, (string?)null, (decimal?)null, "ongoing"), (missingHere[1].ClientId, missingHere[1].ClientName, missingHere[1].RetellCost, missingHere[1].RetellStatus));

        // Page by page (two calls a page), the same answer.
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var paged = await new ReconciliationHandler(scope.ServiceProvider.GetRequiredService<TenantDbFactory>(), scope.ServiceProvider.GetRequiredService<RetellClient>(),
            TimeProvider.System) { PageSize = 2 }.HandleAsync(new ReconciliationQuery { Day = day }, default);
        Assert.Equal((report.Ours, report.Retell, report.Matched), (paged.Ours, paged.Retell, paged.Matched));
        Assert.Equal(report.Items.Select(i => (i.Kind, i.RetellCallId)), paged.Items.Select(i => (i.Kind, i.RetellCallId)));

        // A day with nothing on either side is clean.
        var empty = await (await admin.GetAsync("/api/v1/admin/reports/reconciliation?day=2001-01-01")).ReadAsync<ReconciliationDto>();
        Assert.Equal((0, 0, 0m, 0), (empty.Ours.Calls, empty.Retell.Calls, empty.Difference, empty.Items.Count));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Reconciliation_is_for_the_operator_only_and_says_when_Retell_cannot_be_read(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Owner.GetAsync("/api/v1/admin/reports/reconciliation")).StatusCode);
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/reports/reconciliation")).StatusCode);

        using var admin = await api.AdminAsync();
        await (await admin.GetAsync("/api/v1/admin/reports/reconciliation?day=yesterday")).ProblemAsync(400);
        // A fault aimed at this day's list request only (its start bound is in the body).
        var day = new DateOnly(2001, db == Db.Sqlite ? 2 : 3, 1);
        api.Factory.Services.GetRequiredService<RetellSimulatorState>()
            .FailRequestsContaining(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).ToUnixTimeMilliseconds().ToString(), 1, 503);
        var problem = await (await admin.GetAsync($"/api/v1/admin/reports/reconciliation?day={day:yyyy-MM-dd}")).ProblemAsync(502);
        Assert.Equal("reconciliation.retell_unavailable", problem.Code());
    }

    /// <summary>A call as Retell lists it, straight into the simulated workspace (never stepped: it is history).</summary>
    private static void Retell(RetellSimulatorState simulator, string id, DateTime startedAt, decimal? costCents, JsonObject? metadata = null)
    {
        var start = new DateTimeOffset(DateTime.SpecifyKind(startedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        var call = new JsonObject
        {
            ["call_id"] = id, ["call_type"] = "phone_call", ["agent_id"] = "agent_recon", ["call_status"] = costCents is null ? "ongoing" : "ended",
            ["direction"] = "outbound", ["from_number"] = "+14155550100", ["to_number"] = "+12125550199", ["start_timestamp"] = start,
        };
        if (costCents is { } cents)
        {
            call["end_timestamp"] = start + 30_000;
            call["call_cost"] = new JsonObject { ["combined_cost"] = cents, ["product_costs"] = new JsonArray(), ["total_duration_seconds"] = 30 };
        }
        if (metadata is not null) call["metadata"] = metadata;
        simulator.Calls[id] = new SimulatedCall
        {
            Call = call, WebhookUrl = null, StartAfterSimMs = 0, Outcome = "answered", TalkSeconds = 30, Converted = false, Phase = SimulatedPhase.Analyzed,
            CreatedOrder = simulator.NextCallOrder(),
        };
    }
}
