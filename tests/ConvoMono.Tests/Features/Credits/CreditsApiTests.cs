using System.Net;
using ConvoMono.Features.Audit;
using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Credits;

public sealed class CreditsApiTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Initial_minutes_grants_and_adjustments_show_in_balance_ledger_and_audit(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 100);
        using var admin = await api.AdminAsync();

        var start = await (await tenant.Owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>();
        Assert.Equal((6000, 0, 6000, 100m), (start.BalanceSeconds, start.HeldSeconds, start.AvailableSeconds, start.AvailableMinutes));

        var grant = await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = 50, kind = "grant", amount_paid = 12.5m, reason = "Invoice 42" });
        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        var granted = await grant.ReadAsync<CreditEntryDto>();
        Assert.Equal((CreditEntryKind.Grant, 3000L, 12.5m, "USD"), (granted.Kind, granted.Seconds, granted.AmountPaid!.Value, granted.Currency!));
        var adjusted = await (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = -30, kind = "adjust", reason = "Goodwill reversal" }))
            .ReadAsync<CreditEntryDto>();
        Assert.Equal(-1800, adjusted.Seconds);

        var balance = await (await tenant.Owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>();
        Assert.Equal((7200L, 7200L, 120m), (balance.BalanceSeconds, balance.AvailableSeconds, balance.BalanceMinutes));
        var ledger = await (await tenant.Owner.GetAsync("/api/v1/credits/ledger")).ReadAsync<Page<CreditEntryDto>>();
        Assert.Equal([CreditEntryKind.Adjust, CreditEntryKind.Grant, CreditEntryKind.Grant], ledger.Data.Select(e => e.Kind));
        Assert.Equal("Goodwill reversal", ledger.Data[0].Reason);
        Assert.Equal(TestAppFactory.AdminEmail, ledger.Data[0].CreatedBy);
        var grantsOnly = await (await tenant.Owner.GetAsync("/api/v1/credits/ledger?kind=grant&limit=1")).ReadAsync<Page<CreditEntryDto>>();
        Assert.Single(grantsOnly.Data);
        Assert.NotNull(grantsOnly.NextCursor);

        var audit = await (await admin.GetAsync($"/api/v1/admin/audit?client_id={tenant.Id}")).ReadAsync<Page<AuditEntryDto>>();
        Assert.Equal(["credits.adjusted", "credits.granted"], audit.Data.Where(e => e.Action.StartsWith("credits.")).Select(e => e.Action));
        Assert.Equal("Goodwill reversal", audit.Data.First(e => e.Action == "credits.adjusted").Reason);
        await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_negative_adjustment_below_available_is_422_and_changes_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 10);
        using var admin = await api.AdminAsync();

        var refused = await (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = -11, kind = "adjust", reason = "too much" }))
            .ProblemAsync(422);
        Assert.Equal("credits.insufficient", refused.Code());
        var noReason = await (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = -1, kind = "adjust" })).ProblemAsync(400);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        await (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = 0, kind = "grant" })).ProblemAsync(400);
        await (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = 5, kind = "gift" })).ProblemAsync(400);

        var balance = await (await tenant.Owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>();
        Assert.Equal(600, balance.BalanceSeconds);
        Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/credits/ledger")).ReadAsync<Page<CreditEntryDto>>()).Data);
        await (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = -10, kind = "adjust", reason = "exactly all" }))
            .ReadAsync<CreditEntryDto>();
        Assert.Equal(0, (await (await tenant.Owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>()).AvailableSeconds);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Clients_cannot_grant_and_see_only_their_own_ledger(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync(initialMinutes: 10);
        using var b = await api.NewTenantAsync(initialMinutes: 20);

        await (await a.Owner.PostJsonAsync($"/api/v1/admin/clients/{a.Id}/credits", new { minutes = 1000, kind = "grant" })).ProblemAsync(403);
        await (await a.Owner.GetAsync($"/api/v1/admin/clients/{b.Id}/ledger")).ProblemAsync(403);
        var bLedger = await (await b.Owner.GetAsync("/api/v1/credits/ledger")).ReadAsync<Page<CreditEntryDto>>();
        Assert.Equal(1200, Assert.Single(bLedger.Data).Seconds);
        Assert.Equal(600, (await (await a.Owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>()).BalanceSeconds);

        using var admin = await api.AdminAsync();
        await (await admin.PostJsonAsync($"/api/v1/admin/clients/{Guid.NewGuid()}/credits", new { minutes = 1, kind = "grant" })).ProblemAsync(404);
        await (await admin.GetAsync($"/api/v1/admin/clients/{Guid.NewGuid()}/ledger")).ProblemAsync(404);
        Assert.Single((await (await admin.GetAsync($"/api/v1/admin/clients/{a.Id}/ledger")).ReadAsync<Page<CreditEntryDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_low_balance_threshold_is_set_by_the_admin_and_flags_the_balance(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 45);
        using var admin = await api.AdminAsync();
        Assert.False((await (await tenant.Owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>()).LowBalance); // default 30 min

        var set = await admin.PutAsync($"/api/v1/admin/clients/{tenant.Id}/credits/low-balance-threshold",
            System.Net.Http.Json.JsonContent.Create(new { minutes = 60 }));
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        var balance = await (await tenant.Owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>();
        Assert.True(balance.LowBalance);
        Assert.Equal(3600, balance.LowBalanceThresholdSeconds);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits/low-balance-threshold", new { minutes = 5 })).StatusCode);
        await (await admin.PutJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits/low-balance-threshold", new { minutes = -1 })).ProblemAsync(400);
        await (await tenant.Owner.PutJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits/low-balance-threshold", new { minutes = 0 })).ProblemAsync(403);
        Assert.False((await (await tenant.Owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>()).LowBalance);

        // Each change is in the audit log, newest first: who, which client, and the threshold before and after; refused ones are not.
        var audit = (await (await admin.GetAsync($"/api/v1/admin/audit?client_id={tenant.Id}&action=credits.threshold_changed")).ReadAsync<Page<AuditEntryDto>>()).Data;
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Equal((TestAppFactory.AdminEmail, "client", tenant.Id.ToString(), tenant.Id),
            (e.ActorName, e.TargetType, e.TargetId, e.ClientId!.Value)));
        Assert.Equal(("""{"low_balance_threshold_seconds":3600}""", """{"low_balance_threshold_seconds":300}"""), (audit[0].Before, audit[0].After));
        Assert.Equal(("""{"low_balance_threshold_seconds":1800}""", """{"low_balance_threshold_seconds":3600}"""), (audit[1].Before, audit[1].After));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_burn_down_ends_at_the_current_balance(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 30);
        using var admin = await api.AdminAsync();
        await (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { minutes = 15, kind = "grant" })).ReadAsync<CreditEntryDto>();

        var days = await (await tenant.Owner.GetAsync("/api/v1/credits/burn-down")).ReadAsync<List<BurnDownDay>>();
        Assert.Equal(30, days.Count);
        Assert.Equal(2700, days[^1].AvailableSeconds);
        Assert.Equal(2700, days[^1].GrantedSeconds);
        Assert.All(days.SkipLast(1), d => Assert.Equal(0, d.AvailableSeconds));
    }
}
