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

// The same class as PhoneNumberApiTests (see there): releasing with campaigns, giving back, cost changes and provider faults.
public sealed partial class PhoneNumberApiTests
{
    private static async Task<Guid> RunningCampaignAsync(TestApi api, Guid tenantId, Guid phoneNumberId, string name, CampaignStatus status)
    {
        await using var db = api.Factory.Services.GetRequiredService<TenantDbFactory>().For(tenantId);
        var campaign = Campaign.Create(new CampaignSettings
        {
            Name = name, GeneralPrompt = "Call {{first_name}} about the offer.", VoiceId = "retell-Cimo", PhoneNumberId = phoneNumberId,
        }, DateTime.UtcNow);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        // Launching is the campaigns feature's job; here the status column is set directly to stand in for it.
        await db.Campaigns.Where(c => c.Id == campaign.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status));
        return campaign.Id;
    }

    private static async Task<Campaign> CampaignAsync(TestApi api, Guid tenantId, Guid id)
    {
        await using var db = api.Factory.Services.GetRequiredService<TenantDbFactory>().For(tenantId);
        return await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Releasing_a_number_that_campaigns_call_from_is_refused_until_confirmed_then_pauses_them(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        using var tenant = await api.NewTenantAsync();
        var number = await BuyAsync(admin, new { provider = "retell", area_code = 415 });
        await (await admin.PostJsonAsync($"{Base}/{number.Id}/assign", new { client_id = tenant.Id })).ReadAsync<PhoneNumberDto>();
        var running = await RunningCampaignAsync(api, tenant.Id, number.Id, "Spring offer", CampaignStatus.Running);
        var scheduled = await RunningCampaignAsync(api, tenant.Id, number.Id, "Summer offer", CampaignStatus.Scheduled);
        var draft = await RunningCampaignAsync(api, tenant.Id, number.Id, "Autumn draft", CampaignStatus.Draft);

        var refused = await (await admin.PostJsonAsync($"{Base}/{number.Id}/release", new { })).ProblemAsync(409);
        Assert.Equal("phone_numbers.in_use", refused.Code());
        Assert.Contains("\"Spring offer\"", refused.GetProperty("detail").GetString());
        Assert.Contains("\"Summer offer\"", refused.GetProperty("detail").GetString());
        Assert.DoesNotContain("Autumn", refused.GetProperty("detail").GetString());
        Assert.Equal(PhoneNumberStatus.Assigned, (await (await admin.GetAsync($"{Base}/{number.Id}")).ReadAsync<PhoneNumberDto>()).Status);
        Assert.Equal(CampaignStatus.Running, (await CampaignAsync(api, tenant.Id, running)).Status);

        var released = await (await admin.PostJsonAsync($"{Base}/{number.Id}/release", new { confirm_pause = true })).ReadAsync<PhoneNumberDto>();
        Assert.Equal(PhoneNumberStatus.Available, released.Status);
        foreach (var id in new[] { running, scheduled })
        {
            var paused = await CampaignAsync(api, tenant.Id, id);
            Assert.Equal((CampaignStatus.Paused, CampaignPauseReason.NoPhoneNumber), (paused.Status, paused.PauseReason!.Value));
        }
        Assert.Equal(CampaignStatus.Draft, (await CampaignAsync(api, tenant.Id, draft)).Status);
        var audit = Assert.Single(await AuditAsync(admin, "phone_number.released", number.Id));
        Assert.Contains(running.ToString(), audit.After);
        Assert.Contains(scheduled.ToString(), audit.After);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Giving_a_number_back_removes_it_at_Retell_and_Twilio_and_keeps_it_listed_as_released(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        using var tenant = await api.NewTenantAsync();
        var retell = api.Factory.Services.GetRequiredService<RetellClient>();
        var number = await BuyAsync(admin, new { provider = "twilio", area_code = 917 });

        await (await admin.PostJsonAsync($"{Base}/{number.Id}/assign", new { client_id = tenant.Id })).ReadAsync<PhoneNumberDto>();
        Assert.Equal("phone_numbers.assigned", (await (await admin.DeleteAsync($"{Base}/{number.Id}")).ProblemAsync(409)).Code());
        await (await admin.PostJsonAsync($"{Base}/{number.Id}/release", new { })).ReadAsync<PhoneNumberDto>();

        var gone = await (await admin.DeleteAsync($"{Base}/{number.Id}")).ReadAsync<PhoneNumberDto>();
        Assert.Equal(PhoneNumberStatus.Released, gone.Status);
        Assert.NotNull(gone.ReleasedAt);
        Assert.True((await Assert.ThrowsAsync<RetellApiException>(() => retell.GetPhoneNumberAsync(number.PhoneNumber, default))).IsNotFound);
        Assert.DoesNotContain(await api.Factory.Services.GetRequiredService<TwilioClient>().ListAsync(default), n => n.PhoneNumber == number.PhoneNumber);
        Assert.DoesNotContain((await (await admin.GetAsync(Base + "?limit=500")).ReadAsync<Page<PhoneNumberDto>>()).Data, n => n.Id == number.Id);
        Assert.Contains((await (await admin.GetAsync(Base + "?status=released&limit=500")).ReadAsync<Page<PhoneNumberDto>>()).Data, n => n.Id == number.Id);
        Assert.Equal("phone_numbers.released", (await (await admin.DeleteAsync($"{Base}/{number.Id}")).ProblemAsync(409)).Code());
        Assert.Equal("phone_numbers.released", (await (await admin.PostJsonAsync($"{Base}/{number.Id}/assign", new { client_id = tenant.Id })).ProblemAsync(409)).Code());
        Assert.Single(await AuditAsync(admin, "phone_number.given_back", number.Id));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_cost_change_on_an_assigned_number_closes_its_cost_period_and_opens_a_new_one(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        using var tenant = await api.NewTenantAsync();
        var number = await BuyAsync(admin, new { provider = "retell", area_code = 415 });
        await (await admin.PostJsonAsync($"{Base}/{number.Id}/assign", new { client_id = tenant.Id })).ReadAsync<PhoneNumberDto>();

        var changed = await (await admin.PatchJsonAsync($"{Base}/{number.Id}", new { monthly_cost = 2.5m, nickname = "Sales" })).ReadAsync<PhoneNumberDto>();
        Assert.Equal((2.5m, "Sales", PhoneNumberStatus.Assigned), (changed.MonthlyCost, changed.Nickname, changed.Status));
        var periods = await AssignmentsAsync(api, number.Id);
        Assert.Equal([2.00m, 2.5m], periods.Select(p => p.MonthlyCost));
        Assert.NotNull(periods[0].ToAt);
        Assert.Null(periods[1].ToAt);
        Assert.Equal(periods[0].ToAt, periods[1].FromAt);
        Assert.Single(await AuditAsync(admin, "phone_number.updated", number.Id));

        await (await admin.PatchJsonAsync($"{Base}/{number.Id}", new { nickname = "Sales line" })).ReadAsync<PhoneNumberDto>();
        Assert.Equal(2, (await AssignmentsAsync(api, number.Id)).Count); // a nickname is not a cost period
        await (await admin.PatchJsonAsync($"{Base}/{number.Id}", new { monthly_cost = -1 })).ProblemAsync(400);
        await (await admin.PatchJsonAsync($"{Base}/{Guid.NewGuid()}", new { nickname = "x" })).ProblemAsync(404);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_Retell_failure_on_purchase_is_a_502_and_records_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        var nickname = "fault " + Guid.NewGuid().ToString("N")[..8];
        var simulator = api.Factory.Services.GetRequiredService<RetellSimulatorState>();
        var before = simulator.PhoneNumbers.Count;

        simulator.FailNext(1);
        var problem = await (await admin.PostJsonAsync(Base + "/purchase", new { provider = "retell", area_code = 415, nickname })).ProblemAsync(502);
        Assert.Equal("phone_numbers.provider_error", problem.Code());
        Assert.Contains("Retell answered 500", problem.GetProperty("detail").GetString());
        Assert.Empty(await RowsAsync(api, n => n.Nickname == nickname));
        Assert.Equal(before, simulator.PhoneNumbers.Count);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task When_Retell_refuses_the_import_the_Twilio_number_is_released_again_and_nothing_is_recorded(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        var twilio = api.Factory.Services.GetRequiredService<TwilioClient>();
        var pick = (await (await admin.GetAsync(Base + "/available?provider=twilio&area_code=646")).ReadAsync<AvailableNumbersDto>()).Data[0].PhoneNumber;

        api.Factory.Services.GetRequiredService<RetellSimulatorState>().FailNext(1); // the Twilio purchase succeeds; Retell's import is the next Retell call
        var problem = await (await admin.PostJsonAsync(Base + "/purchase", new { provider = "twilio", phone_number = pick })).ProblemAsync(502);
        Assert.Equal("phone_numbers.import_failed", problem.Code());
        Assert.Contains("released again", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(await twilio.ListAsync(default), n => n.PhoneNumber == pick);
        Assert.Empty(await RowsAsync(api, n => n.Number == pick));
        var retell = api.Factory.Services.GetRequiredService<RetellClient>();
        Assert.True((await Assert.ThrowsAsync<RetellApiException>(() => retell.GetPhoneNumberAsync(pick, default))).IsNotFound);
    }
}
