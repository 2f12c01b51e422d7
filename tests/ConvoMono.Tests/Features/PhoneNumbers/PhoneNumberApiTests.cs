using System.Net;
using System.Text.Json;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Features.Audit;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.PhoneNumbers;

/// <summary>The inventory over HTTP against the built-in Retell and Twilio simulators. One class, so its tests run one after
/// another: the fault tests make the simulator fail the next request, which must be this class's own.</summary>
public sealed partial class PhoneNumberApiTests(TestApps apps)
{
    private const string Base = "/api/v1/admin/phone-numbers";

    private static async Task<PhoneNumberDto> BuyAsync(HttpClient admin, object request) =>
        await (await admin.PostJsonAsync(Base + "/purchase", request)).ReadAsync<PhoneNumberDto>();

    private static string RandomNumber() => $"+1303{Random.Shared.Next(2_000_000, 9_999_999)}";

    private static async Task<List<PhoneNumber>> RowsAsync(TestApi api, Func<PhoneNumber, bool> which)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return (await db.PhoneNumbers.AsNoTracking().ToListAsync()).Where(which).ToList();
    }

    private static async Task<List<PhoneNumberAssignment>> AssignmentsAsync(TestApi api, Guid numberId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.PhoneNumberAssignments.AsNoTracking().Where(a => a.PhoneNumberId == numberId).OrderBy(a => a.FromAt).ToListAsync();
    }

    private static async Task<List<AuditEntryDto>> AuditAsync(HttpClient admin, string action, Guid target) =>
        (await (await admin.GetAsync($"/api/v1/admin/audit?action={action}&limit=500")).ReadAsync<Page<AuditEntryDto>>())
        .Data.Where(e => e.TargetId == target.ToString()).ToList();

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Buying_at_Retell_puts_the_number_in_Retell_and_in_the_inventory_with_an_audit_entry(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();

        var bought = await admin.PostJsonAsync(Base + "/purchase", new { provider = "retell", area_code = 415, nickname = "Main line" });
        Assert.Equal(HttpStatusCode.Created, bought.StatusCode);
        var number = await bought.ReadAsync<PhoneNumberDto>();
        Assert.Matches(@"^\+1415\d{7}$", number.PhoneNumber);
        Assert.Equal((PhoneNumberProvider.Retell, PhoneNumberStatus.Available, 2.00m, "USD", 415), (number.Provider, number.Status, number.MonthlyCost, number.Currency, number.AreaCode!.Value));
        Assert.Null(number.ClientId);

        var inRetell = await api.Factory.Services.GetRequiredService<RetellClient>().GetPhoneNumberAsync(number.PhoneNumber, default);
        Assert.Equal(("Main line", 415), (inRetell.Nickname, inRetell.AreaCode!.Value));
        var listed = await (await admin.GetAsync(Base + "?status=available&limit=500")).ReadAsync<Page<PhoneNumberDto>>();
        Assert.Contains(listed.Data, n => n.Id == number.Id);
        var audit = Assert.Single(await AuditAsync(admin, "phone_number.purchased", number.Id));
        Assert.Equal(number.PhoneNumber, JsonDocument.Parse(audit.After!).RootElement.GetProperty("phone_number").GetString());

        var priced = await BuyAsync(admin, new { provider = "retell", area_code = 628, monthly_cost = 3.5m });
        Assert.Equal(3.5m, priced.MonthlyCost);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Buying_at_Twilio_buys_the_searched_number_there_and_imports_it_into_Retell_over_the_trunk(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();

        var available = await (await admin.GetAsync(Base + "/available?provider=twilio&area_code=212&country=US")).ReadAsync<AvailableNumbersDto>();
        Assert.True(available.Searchable);
        Assert.Equal(10, available.Data.Count);
        Assert.All(available.Data, n => Assert.StartsWith("+1212", n.PhoneNumber));
        var pick = available.Data[1].PhoneNumber;
        var retellSearch = await (await admin.GetAsync(Base + "/available?provider=retell&area_code=212")).ReadAsync<AvailableNumbersDto>();
        Assert.False(retellSearch.Searchable);
        Assert.Empty(retellSearch.Data);

        var number = await BuyAsync(admin, new { provider = "twilio", area_code = 212, phone_number = pick });
        Assert.Equal((pick, PhoneNumberProvider.Twilio, 1.15m, 212), (number.PhoneNumber, number.Provider, number.MonthlyCost, number.AreaCode!.Value));

        var atTwilio = (await api.Factory.Services.GetRequiredService<TwilioClient>().ListAsync(default)).Single(n => n.PhoneNumber == pick);
        Assert.Equal("in-use", atTwilio.Status);
        var inRetell = await api.Factory.Services.GetRequiredService<RetellClient>().GetPhoneNumberAsync(pick, default);
        Assert.Equal("custom", inRetell.PhoneNumberType);
        Assert.Equal(TwilioTrunkOptions.SimulatorTerminationUri, inRetell.Extra!["sip_outbound_trunk_config"].GetProperty("termination_uri").GetString());
        Assert.Equal(atTwilio.Sid, Assert.Single(await RowsAsync(api, n => n.Id == number.Id)).TwilioSid);

        // By area code alone, the first number Twilio offers is bought.
        var byArea = await BuyAsync(admin, new { provider = "twilio", area_code = 212 });
        Assert.StartsWith("+1212", byArea.PhoneNumber);
        Assert.NotEqual(pick, byArea.PhoneNumber);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Importing_validates_the_number_refuses_duplicates_and_registers_it_in_Retell(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        var e164 = RandomNumber();
        var national = $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}";

        var imported = await admin.PostJsonAsync(Base + "/import", new
        {
            phone_number = national, termination_uri = "acme.pstn.twilio.com", sip_username = "retell", sip_password = "Secret-Passw0rd", monthly_cost = 1.25m,
        });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var number = await imported.ReadAsync<PhoneNumberDto>();
        Assert.Equal((e164, PhoneNumberProvider.Imported, 1.25m, 303), (number.PhoneNumber, number.Provider, number.MonthlyCost, number.AreaCode!.Value));
        var inRetell = await api.Factory.Services.GetRequiredService<RetellClient>().GetPhoneNumberAsync(e164, default);
        var trunk = inRetell.Extra!["sip_outbound_trunk_config"];
        Assert.Equal(("acme.pstn.twilio.com", "retell"), (trunk.GetProperty("termination_uri").GetString(), trunk.GetProperty("auth_username").GetString()));
        Assert.Single(await AuditAsync(admin, "phone_number.imported", number.Id));

        var duplicate = await (await admin.PostJsonAsync(Base + "/import", new { phone_number = e164, termination_uri = "other.pstn.twilio.com" })).ProblemAsync(409);
        Assert.Equal("phone_numbers.duplicate", duplicate.Code());
        var invalid = await (await admin.PostJsonAsync(Base + "/import", new { phone_number = "+1 555 12", termination_uri = "acme.pstn.twilio.com" })).ProblemAsync(400);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("phone_number", out _));
        var noUri = await (await admin.PostJsonAsync(Base + "/import", new { phone_number = RandomNumber() })).ProblemAsync(400);
        Assert.True(noUri.GetProperty("errors").TryGetProperty("termination_uri", out _));
        Assert.Single(await RowsAsync(api, n => n.Number == e164));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Purchase_requests_are_validated(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();

        Assert.True((await (await admin.PostJsonAsync(Base + "/purchase", new { provider = "vonage", area_code = 415 })).ProblemAsync(400))
            .GetProperty("errors").TryGetProperty("provider", out _));
        Assert.True((await (await admin.PostJsonAsync(Base + "/purchase", new { provider = "retell" })).ProblemAsync(400))
            .GetProperty("errors").TryGetProperty("area_code", out _));
        Assert.True((await (await admin.PostJsonAsync(Base + "/purchase", new { provider = "twilio", phone_number = "12" })).ProblemAsync(400))
            .GetProperty("errors").TryGetProperty("phone_number", out _));
        Assert.True((await (await admin.PostJsonAsync(Base + "/purchase", new { provider = "retell", area_code = 12 })).ProblemAsync(400))
            .GetProperty("errors").TryGetProperty("area_code", out _));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Assigned_numbers_are_visible_to_their_client_only_and_release_returns_them_to_the_pool(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var number = await BuyAsync(admin, new { provider = "retell", area_code = 720 });

        var assigned = await (await admin.PostJsonAsync($"{Base}/{number.Id}/assign", new { client_id = a.Id })).ReadAsync<PhoneNumberDto>();
        Assert.Equal((PhoneNumberStatus.Assigned, a.Id, a.Client.Name), (assigned.Status, assigned.ClientId!.Value, assigned.ClientName));
        Assert.NotNull(assigned.AssignedAt);
        Assert.Equal("phone_numbers.already_assigned", (await (await admin.PostJsonAsync($"{Base}/{number.Id}/assign", new { client_id = b.Id })).ProblemAsync(409)).Code());
        await (await admin.PostJsonAsync($"{Base}/{number.Id}/assign", new { client_id = Guid.NewGuid() })).ProblemAsync(404);
        await (await admin.PostJsonAsync($"{Base}/{Guid.NewGuid()}/assign", new { client_id = a.Id })).ProblemAsync(404);
        var byClient = await (await admin.GetAsync($"{Base}?client_id={a.Id}")).ReadAsync<Page<PhoneNumberDto>>();
        Assert.Equal(number.Id, Assert.Single(byClient.Data).Id);

        // The client view: only its own numbers, and without the operator's cost or the client id.
        var aList = await a.Owner.GetAsync("/api/v1/phone-numbers");
        var aJson = JsonDocument.Parse(await aList.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        var row = Assert.Single(aJson.EnumerateArray());
        Assert.Equal(number.PhoneNumber, row.GetProperty("phone_number").GetString());
        Assert.Equal("retell", row.GetProperty("provider").GetString());
        Assert.False(row.TryGetProperty("monthly_cost", out _));
        Assert.False(row.TryGetProperty("client_id", out _));
        Assert.Equal(HttpStatusCode.OK, (await a.Owner.GetAsync($"/api/v1/phone-numbers/{number.Id}")).StatusCode);
        Assert.Empty((await (await b.Owner.GetAsync("/api/v1/phone-numbers")).ReadAsync<Page<ClientPhoneNumberDto>>()).Data);
        await (await b.Owner.GetAsync($"/api/v1/phone-numbers/{number.Id}")).ProblemAsync(404);

        var released = await (await admin.PostJsonAsync($"{Base}/{number.Id}/release", new { })).ReadAsync<PhoneNumberDto>();
        Assert.Equal(PhoneNumberStatus.Available, released.Status);
        Assert.Null(released.ClientId);
        Assert.Empty((await (await a.Owner.GetAsync("/api/v1/phone-numbers")).ReadAsync<Page<ClientPhoneNumberDto>>()).Data);
        await (await a.Owner.GetAsync($"/api/v1/phone-numbers/{number.Id}")).ProblemAsync(404);
        Assert.Equal("phone_numbers.not_assigned", (await (await admin.PostAsync($"{Base}/{number.Id}/release", null)).ProblemAsync(409)).Code());

        var period = Assert.Single(await AssignmentsAsync(api, number.Id));
        Assert.Equal((a.Id, 2.00m), (period.ClientId, period.MonthlyCost));
        Assert.NotNull(period.ToAt);
        Assert.Equal(a.Id, Assert.Single(await AuditAsync(admin, "phone_number.assigned", number.Id)).ClientId);
        Assert.Equal(a.Id, Assert.Single(await AuditAsync(admin, "phone_number.released", number.Id)).ClientId);

        // Back in the pool, it can go to the other client.
        await (await admin.PostJsonAsync($"{Base}/{number.Id}/assign", new { client_id = b.Id })).ReadAsync<PhoneNumberDto>();
        Assert.Single((await (await b.Owner.GetAsync("/api/v1/phone-numbers")).ReadAsync<Page<ClientPhoneNumberDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Clients_and_their_api_keys_get_403_on_every_admin_route(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var key = await (await tenant.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "numbers" })).ReadAsync<CreatedApiKeyDto>();
        using var viaKey = api.WithBearer(key.Secret);
        var id = Guid.NewGuid();

        foreach (var caller in new[] { tenant.Owner, viaKey })
        {
            await (await caller.GetAsync(Base)).ProblemAsync(403);
            await (await caller.GetAsync(Base + "/available?area_code=415")).ProblemAsync(403);
            await (await caller.PostJsonAsync(Base + "/purchase", new { provider = "retell", area_code = 415 })).ProblemAsync(403);
            await (await caller.PostJsonAsync(Base + "/import", new { phone_number = RandomNumber(), termination_uri = "x.pstn.twilio.com" })).ProblemAsync(403);
            await (await caller.PostJsonAsync($"{Base}/{id}/assign", new { client_id = tenant.Id })).ProblemAsync(403);
            await (await caller.PostJsonAsync($"{Base}/{id}/release", new { })).ProblemAsync(403);
            await (await caller.PatchJsonAsync($"{Base}/{id}", new { nickname = "x" })).ProblemAsync(403);
            await (await caller.DeleteAsync($"{Base}/{id}")).ProblemAsync(403);
            Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync("/api/v1/phone-numbers")).StatusCode);
        }
        using var admin = await api.AdminAsync();
        await (await admin.GetAsync("/api/v1/phone-numbers")).ProblemAsync(403);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_number_routes_with_their_access()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        using var http = api.Anonymous();
        var paths = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        string Access(string path, string method) => paths.GetProperty(path).GetProperty(method).GetProperty("x-access").GetString()!;

        foreach (var (path, method) in new[] { (Base, "get"), (Base + "/available", "get"), (Base + "/purchase", "post"), (Base + "/import", "post"),
                     (Base + "/{id}/assign", "post"), (Base + "/{id}/release", "post"), (Base + "/{id}", "patch"), (Base + "/{id}", "delete") })
        {
            Assert.Equal("super_admin", Access(path, method));
            Assert.False(string.IsNullOrEmpty(paths.GetProperty(path).GetProperty(method).GetProperty("summary").GetString()));
        }
        Assert.Equal("client", Access("/api/v1/phone-numbers", "get"));
    }
}
