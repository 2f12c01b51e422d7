using System.Text.Json;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Calls.Admin;
using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Calls;

/// <summary>The super admin's call explorer over HTTP: every client's calls with Retell cost, breakdown and profit.</summary>
public sealed class AdminCallApiTests(TestApps apps)
{
    private static readonly DateTime Tuesday = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    private static async Task<TestTenant> EuroTenantAsync(TestApi api)
    {
        using var admin = await api.AdminAsync();
        var email = TestApi.UniqueEmail("owner");
        var client = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name = "Euro " + Guid.NewGuid().ToString("N")[..8], billing_rate_per_minute = 0.20m, currency = "EUR", owner_email = email,
            owner_password = TestApi.Password,
        })).ReadAsync<ClientDto>();
        return new TestTenant(client, email, await api.SignInAsync(email));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Admin_sees_every_clients_calls_with_Retell_cost_breakdown_and_profit(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var usd = await api.NewTenantAsync(name: "Dollar " + Guid.NewGuid().ToString("N")[..8]);
        using var eur = await EuroTenantAsync(api);
        using var admin = await api.AdminAsync();
        var solar = await CallSeed.CampaignAsync(usd.Owner, "Solar");
        var wind = await CallSeed.CampaignAsync(eur.Owner, "Wind");
        var billed = CallSeed.Analyzed(solar.Id, Tuesday);
        var unanswered = CallSeed.Analyzed(solar.Id, Tuesday.AddMinutes(5), c => (c.Status, c.Outcome, c.DurationSeconds, c.BilledSeconds, c.BilledAmount,
            c.RetellCost, c.CostBreakdown) = (CallStatus.Ended, CallOutcome.NoAnswer, 0, 0, 0m, 0m, []));
        var live = CallSeed.Analyzed(solar.Id, Tuesday.AddMinutes(10), c => (c.Status, c.Outcome, c.BilledSeconds, c.BilledAmount, c.RetellCost, c.CostBreakdown)
            = (CallStatus.Ongoing, null, null, null, null, []));
        await CallSeed.InsertAsync(api.Factory, usd.Id, billed, unanswered, live);
        var euro = CallSeed.Analyzed(wind.Id, Tuesday.AddMinutes(1), c => (c.Currency, c.BilledAmount) = ("EUR", 0.40m));
        await CallSeed.InsertAsync(api.Factory, eur.Id, euro);

        var call = await (await admin.GetAsync($"/api/v1/admin/calls/{billed.Id}")).ReadAsync<AdminCallDto>();
        Assert.Equal((usd.Id, usd.Client.Name, solar.Id, "Solar"), (call.ClientId, call.ClientName, call.CampaignId, call.CampaignName));
        Assert.Equal((0.50m, "USD", 0.1425m, "USD"), (call.BilledAmount!.Value, call.Currency, call.RetellCost!.Value, call.CostCurrency));
        Assert.Equal([new CallProductCost("elevenlabs_tts", 0.0950m), new CallProductCost("gpt_4o_mini", 0.0475m)], call.CostBreakdown);
        Assert.Equal(0.3575m, call.Profit);
        Assert.Equal(CallSeed.Transcript, call.Transcript);
        Assert.Equal("2026-12-01", call.Analysis["visit_date"]);

        // Raw JSON: the contract's names.
        var raw = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/admin/calls/{billed.Id}")).RootElement;
        Assert.Equal(0.1425m, raw.GetProperty("retell_cost").GetDecimal());
        Assert.Equal(0.3575m, raw.GetProperty("profit").GetDecimal());
        Assert.Equal("elevenlabs_tts", raw.GetProperty("cost_breakdown")[0].GetProperty("product").GetString());
        Assert.Equal(0.095m, raw.GetProperty("cost_breakdown")[0].GetProperty("cost").GetDecimal());

        // A call that never connected bills nothing: profit is what Retell charged, negated (zero here).
        var zero = await (await admin.GetAsync($"/api/v1/admin/calls/{unanswered.Id}")).ReadAsync<AdminCallDto>();
        Assert.Equal(0m, zero.Profit);
        // Not settled yet, or billed in another currency than Retell's: no profit figure.
        Assert.Null((await (await admin.GetAsync($"/api/v1/admin/calls/{live.Id}")).ReadAsync<AdminCallDto>()).Profit);
        var inEuro = await (await admin.GetAsync($"/api/v1/admin/calls/{euro.Id}")).ReadAsync<AdminCallDto>();
        Assert.Equal((eur.Id, "EUR", 0.40m, 0.1425m, (decimal?)null), (inEuro.ClientId, inEuro.Currency, inEuro.BilledAmount!.Value, inEuro.RetellCost!.Value, inEuro.Profit));

        // Across clients, newest first; by client; by campaign; by outcome and time.
        var everyone = await (await admin.GetAsync($"/api/v1/admin/calls?from=2026-11-24T10:00:00Z&to=2026-11-24T10:11:00Z&limit=500")).ReadAsync<Page<AdminCallListItemDto>>();
        var ours = everyone.Data.Where(c => c.ClientId == usd.Id || c.ClientId == eur.Id).Select(c => c.Id).ToList();
        Assert.Equal([live.Id, unanswered.Id, euro.Id, billed.Id], ours);
        var row = everyone.Data.Single(c => c.Id == billed.Id);
        Assert.Equal((usd.Client.Name, 0.1425m, 0.3575m, 2), (row.ClientName, row.RetellCost!.Value, row.Profit!.Value, row.CostBreakdown.Count));
        Assert.Equal([live.Id, unanswered.Id, billed.Id], await IdsAsync(admin, $"?client_id={usd.Id}"));
        Assert.Equal([euro.Id], await IdsAsync(admin, $"?client_id={eur.Id}"));
        Assert.Equal([euro.Id], await IdsAsync(admin, $"?campaign_id={wind.Id}"));
        Assert.Equal([unanswered.Id], await IdsAsync(admin, $"?client_id={usd.Id}&outcome=no_answer"));
        Assert.Equal([live.Id], await IdsAsync(admin, $"?client_id={usd.Id}&status=ongoing"));
        Assert.Equal([billed.Id], await IdsAsync(admin, $"?client_id={usd.Id}&to=2026-11-24T10:05:00Z"));
        Assert.Empty(await IdsAsync(admin, $"?client_id={Guid.NewGuid()}"));
        var paged = await (await admin.GetAsync($"/api/v1/admin/calls?client_id={usd.Id}&limit=2")).ReadAsync<Page<AdminCallListItemDto>>();
        Assert.Equal([live.Id, unanswered.Id], paged.Data.Select(c => c.Id));
        var rest = await (await admin.GetAsync($"/api/v1/admin/calls?client_id={usd.Id}&limit=2&cursor={paged.NextCursor}")).ReadAsync<Page<AdminCallListItemDto>>();
        Assert.Equal([billed.Id], rest.Data.Select(c => c.Id));
        Assert.Null(rest.NextCursor);
        var listJson = await admin.GetStringAsync($"/api/v1/admin/calls?client_id={usd.Id}");
        Assert.All(JsonDocument.Parse(listJson).RootElement.GetProperty("data").EnumerateArray(), item => Assert.False(item.TryGetProperty("transcript", out _)));

        await (await admin.GetAsync($"/api/v1/admin/calls/{Guid.NewGuid()}")).ProblemAsync(404);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Clients_and_anonymous_callers_cannot_use_the_admin_call_routes(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var campaign = await CallSeed.CampaignAsync(tenant.Owner, "Mine");
        var call = CallSeed.Analyzed(campaign.Id, Tuesday);
        await CallSeed.InsertAsync(api.Factory, tenant.Id, call);

        await (await tenant.Owner.GetAsync("/api/v1/admin/calls")).ProblemAsync(403);
        await (await tenant.Owner.GetAsync($"/api/v1/admin/calls?client_id={tenant.Id}")).ProblemAsync(403);
        await (await tenant.Owner.GetAsync($"/api/v1/admin/calls/{call.Id}")).ProblemAsync(403);
        using var anonymous = api.Anonymous();
        await (await anonymous.GetAsync("/api/v1/admin/calls")).ProblemAsync(401);
        await (await anonymous.GetAsync($"/api/v1/calls/{call.Id}")).ProblemAsync(401);

        // An API key is a client credential too.
        var key = await (await tenant.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "crm" })).ReadAsync<JsonElement>();
        using var crm = api.WithBearer(key.GetProperty("secret").GetString()!);
        await (await crm.GetAsync($"/api/v1/admin/calls/{call.Id}")).ProblemAsync(403);
        var own = JsonDocument.Parse(await crm.GetStringAsync($"/api/v1/calls/{call.Id}")).RootElement;
        Assert.Equal(call.Id, own.GetProperty("id").GetGuid());
        Assert.False(own.TryGetProperty("retell_cost", out _));
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient admin, string query) =>
        (await (await admin.GetAsync("/api/v1/admin/calls" + query)).ReadAsync<Page<AdminCallListItemDto>>()).Data.Select(c => c.Id).ToList();
}
