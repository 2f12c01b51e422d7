using System.Net;
using System.Text.Json;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.KnowledgeBases;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Features.Voices;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Campaigns;

public sealed class CampaignApiTests(TestApps apps)
{
    internal static object FullCampaign(string name, string marker = "") => new
    {
        name,
        general_prompt = $"You call {{{{first_name}}}} at {{{{company}}}} about solar panels. It is {{{{current_time}}}}. {marker}",
        begin_message = "Hi {{first_name}}, this is Sam from Sunny.",
        voice_id = "11labs-Adrian",
        language = "en-GB",
        voice_speed = 1.2,
        voice_temperature = 0.8,
        responsiveness = 0.7,
        interruption_sensitivity = 0.6,
        enable_backchannel = false,
        ambient_sound = "call-center",
        voicemail = new { action = "leave_message", message = "Hi {{first_name}}, call us back at {{callback_number}}." },
        max_call_duration_seconds = 420,
        calling_window = new { start = "09:30", end = "18:00", days = new[] { "mon", "wed", "fri" } },
        retry = new { max_attempts = 4, delay_minutes = 90, on = new[] { "no_answer", "voicemail" } },
        concurrency = 7,
        success_criteria = "The person books a home visit.",
        analysis_fields = new[] { new { name = "visit_date", type = "string", description = "The date the visit was booked for" } },
        default_variables = new Dictionary<string, string> { ["company"] = "your company" },
    };

    private static AppDbContext TenantDb(TestAppFactory app, Guid tenantId) => app.Services.GetRequiredService<TenantDbFactory>().For(tenantId);

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Saving_a_campaign_creates_its_Retell_llm_and_agent_with_every_setting(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();

        var response = await tenant.Owner.PostJsonAsync("/api/v1/campaigns", FullCampaign("Solar Q4"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var campaign = await response.ReadAsync<CampaignDto>();
        Assert.Equal($"/api/v1/campaigns/{campaign.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((CampaignStatus.Draft, CampaignSyncStatus.Synced, (string?)null), (campaign.Status, campaign.SyncStatus, campaign.SyncError));
        Assert.Equal(["first_name", "company", "callback_number"], campaign.Variables); // {{current_time}} is Retell's own
        Assert.Equal(("09:30", "18:00", "mon wed fri"), (campaign.CallingWindow.Start, campaign.CallingWindow.End, string.Join(' ', campaign.CallingWindow.Days)));
        Assert.Equal((4, 90, "no_answer voicemail"), (campaign.Retry.MaxAttempts, campaign.Retry.DelayMinutes, string.Join(' ', campaign.Retry.On)));
        Assert.Equal((VoicemailAction.LeaveMessage, 420, 7), (campaign.Voicemail.Action, campaign.MaxCallDurationSeconds, campaign.Concurrency));

        var retell = api.Factory.Services.GetRequiredService<RetellClient>();
        var llm = await retell.GetLlmAsync(campaign.RetellLlmId!, default);
        Assert.Equal(campaign.GeneralPrompt, llm.GeneralPrompt);
        Assert.Equal("Hi {{first_name}}, this is Sam from Sunny.", llm.BeginMessage);
        Assert.Equal("your company", llm.Extra!["default_dynamic_variables"].GetProperty("company").GetString());

        var agent = await retell.GetAgentAsync(campaign.RetellAgentId!, default);
        Assert.Equal((campaign.RetellLlmId, "11labs-Adrian", "Solar Q4", 420_000), (agent.ResponseEngine!.LlmId, agent.VoiceId, agent.AgentName, agent.MaxCallDurationMs));
        Assert.Equal("http://localhost/webhooks/retell", agent.WebhookUrl);
        Assert.Equal("en-GB", agent.Language!.Value.GetString());
        Assert.Equal(1.2, agent.Extra!["voice_speed"].GetDouble());
        Assert.Equal("call-center", agent.Extra["ambient_sound"].GetString());
        Assert.False(agent.Extra["enable_backchannel"].GetBoolean());
        Assert.Equal("static_text", agent.Extra["voicemail_option"].GetProperty("action").GetProperty("type").GetString());
        var analysis = agent.Extra["post_call_analysis_data"].EnumerateArray().ToList();
        var converted = Assert.Single(analysis, a => a.GetProperty("name").GetString() == "converted");
        Assert.Equal(("boolean", "The person books a home visit."), (converted.GetProperty("type").GetString(), converted.GetProperty("description").GetString()));
        Assert.Contains(analysis, a => a.GetProperty("name").GetString() == "visit_date" && a.GetProperty("type").GetString() == "string");

        var read = await (await tenant.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}")).ReadAsync<CampaignDto>();
        Assert.Equal(campaign.RetellAgentId, read.RetellAgentId);
        var listed = Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/campaigns")).ReadAsync<Page<CampaignSummaryDto>>()).Data);
        Assert.Equal((campaign.Id, "Solar Q4", CampaignStatus.Draft), (listed.Id, listed.Name, listed.Status));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Editing_a_campaign_updates_the_same_llm_and_agent_and_keeps_what_was_not_sent(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var campaign = await (await tenant.Owner.PostJsonAsync("/api/v1/campaigns", FullCampaign("Edit me"))).ReadAsync<CampaignDto>();

        var edited = await (await tenant.Owner.PatchJsonAsync($"/api/v1/campaigns/{campaign.Id}", new
        {
            general_prompt = "Ask {{full_name}} about {{product}}.",
            max_call_duration_seconds = 30,
            ambient_sound = "",
            voicemail = new { action = "hangup" },
        })).ReadAsync<CampaignDto>();

        Assert.Equal((campaign.RetellLlmId, campaign.RetellAgentId), (edited.RetellLlmId, edited.RetellAgentId));
        Assert.Equal(CampaignSyncStatus.Synced, edited.SyncStatus);
        Assert.Equal(["full_name", "product", "first_name"], edited.Variables); // the begin message still uses first_name
        Assert.Equal(("Edit me", 7, "09:30", (string?)null), (edited.Name, edited.Concurrency, edited.CallingWindow.Start, edited.AmbientSound));
        Assert.Equal((VoicemailAction.Hangup, (string?)null), (edited.Voicemail.Action, edited.Voicemail.Message));

        var retell = api.Factory.Services.GetRequiredService<RetellClient>();
        Assert.Equal("Ask {{full_name}} about {{product}}.", (await retell.GetLlmAsync(edited.RetellLlmId!, default)).GeneralPrompt);
        var agent = await retell.GetAgentAsync(edited.RetellAgentId!, default);
        Assert.Equal(60_000, agent.MaxCallDurationMs); // Retell's floor; the campaign keeps its own 30 s limit for billing
        Assert.True(agent.Extra!.TryGetValue("ambient_sound", out var sound) && sound.ValueKind == JsonValueKind.Null, "the removed sound is turned off");
        Assert.Equal("hangup", agent.Extra["voicemail_option"].GetProperty("action").GetProperty("type").GetString());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Invalid_campaigns_are_refused_with_the_field_and_nothing_is_saved(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var bad = new (object Body, string Field)[]
        {
            (new { general_prompt = "x", voice_id = "retell-Cimo" }, "name"),
            (new { name = "x", voice_id = "retell-Cimo" }, "general_prompt"),
            (new { name = "x", general_prompt = "x", max_call_duration_seconds = 20 }, "max_call_duration_seconds"),
            (new { name = "x", general_prompt = "x", max_call_duration_seconds = 3601 }, "max_call_duration_seconds"),
            (new { name = "x", general_prompt = "x", retry = new { max_attempts = 11 } }, "retry.max_attempts"),
            (new { name = "x", general_prompt = "x", retry = new { on = new[] { "angry" } } }, "retry.on"),
            (new { name = "x", general_prompt = "x", calling_window = new { start = "21:00", end = "08:00" } }, "calling_window"),
            (new { name = "x", general_prompt = "x", calling_window = new { start = "9am" } }, "calling_window.start"),
            (new { name = "x", general_prompt = "x", calling_window = new { days = new[] { "someday" } } }, "calling_window.days"),
            (new { name = "x", general_prompt = "x", concurrency = 0 }, "concurrency"),
            (new { name = "x", general_prompt = "x", voice_id = "no-such-voice" }, "voice_id"),
            (new { name = "x", general_prompt = "x", ambient_sound = "jungle" }, "ambient_sound"),
            (new { name = "x", general_prompt = "x", voicemail = new { action = "leave_message" } }, "voicemail_message"),
            (new { name = "x", general_prompt = "x", analysis_fields = new[] { new { name = "tier", type = "enum", description = "d" } } }, "analysis_fields"),
            (new { name = "x", general_prompt = "x", knowledge_base_ids = new[] { Guid.NewGuid() } }, "knowledge_base_ids"),
            (new { name = "x", general_prompt = "x", phone_number_id = Guid.NewGuid().ToString() }, "phone_number_id"),
        };
        foreach (var (body, field) in bad)
        {
            var problem = await (await tenant.Owner.PostJsonAsync("/api/v1/campaigns", body)).ProblemAsync(400);
            var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
            Assert.True(errors.Any(e => e.Equals(field, StringComparison.OrdinalIgnoreCase) || e.Replace("_", "").Equals(field.Replace("_", ""), StringComparison.OrdinalIgnoreCase)),
                $"expected an error on {field}, got {string.Join(", ", errors)}");
        }
        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/campaigns")).ReadAsync<Page<CampaignSummaryDto>>()).Data);
        await (await tenant.Owner.PostJsonAsync("/api/v1/campaigns", "not an object")).ProblemAsync(400);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_failed_sync_is_visible_and_a_retry_finishes_it_without_a_second_copy(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var simulator = api.Factory.Services.GetRequiredService<RetellSimulatorState>();
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        var name = "Flaky " + marker;
        simulator.FailRequestsContaining(name, count: 1, status: 503); // the create-agent request carries the name

        var campaign = await (await tenant.Owner.PostJsonAsync("/api/v1/campaigns", FullCampaign(name))).ReadAsync<CampaignDto>();
        Assert.Equal(CampaignSyncStatus.Error, campaign.SyncStatus);
        Assert.Contains("503", campaign.SyncError);
        Assert.NotNull(campaign.RetellLlmId); // the LLM was made before the agent failed
        Assert.Null(campaign.RetellAgentId);

        var retried = await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/sync", new { })).ReadAsync<CampaignDto>();
        Assert.Equal((CampaignSyncStatus.Synced, (string?)null, campaign.RetellLlmId), (retried.SyncStatus, retried.SyncError, retried.RetellLlmId));
        var agents = simulator.Agents.Values.Count(a => a["agent_name"]?.GetValue<string>() == name);
        Assert.Equal(1, agents);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Only_a_draft_can_be_deleted_and_others_are_archived(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var draft = await (await tenant.Owner.PostJsonAsync("/api/v1/campaigns", FullCampaign("Draft"))).ReadAsync<CampaignDto>();
        var ran = await (await tenant.Owner.PostJsonAsync("/api/v1/campaigns", FullCampaign("Ran"))).ReadAsync<CampaignDto>();
        await using (var ctx = TenantDb(api.Factory, tenant.Id))
            await ctx.Campaigns.Where(c => c.Id == ran.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Completed));

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Owner.DeleteAsync($"/api/v1/campaigns/{draft.Id}")).StatusCode);
        await (await tenant.Owner.GetAsync($"/api/v1/campaigns/{draft.Id}")).ProblemAsync(404);
        var retell = api.Factory.Services.GetRequiredService<RetellClient>();
        var gone = await Assert.ThrowsAsync<RetellApiException>(() => retell.GetAgentAsync(draft.RetellAgentId!, default));
        Assert.True(gone.IsNotFound);

        Assert.Equal("campaigns.not_draft", (await (await tenant.Owner.DeleteAsync($"/api/v1/campaigns/{ran.Id}")).ProblemAsync(409)).Code());
        await (await tenant.Owner.PatchJsonAsync($"/api/v1/campaigns/{ran.Id}", new { name = "Renamed" })).ProblemAsync(409);
        var archived = await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{ran.Id}/archive", new { })).ReadAsync<CampaignDto>();
        Assert.NotNull(archived.ArchivedAt);
        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/campaigns")).ReadAsync<Page<CampaignSummaryDto>>()).Data);
        Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/campaigns?archived=true")).ReadAsync<Page<CampaignSummaryDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Another_client_cannot_see_change_or_use_a_campaign_or_a_number(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var campaign = await (await a.Owner.PostJsonAsync("/api/v1/campaigns", FullCampaign("A's campaign"))).ReadAsync<CampaignDto>();

        await (await b.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}")).ProblemAsync(404);
        await (await b.Owner.PatchJsonAsync($"/api/v1/campaigns/{campaign.Id}", new { name = "mine" })).ProblemAsync(404);
        await (await b.Owner.DeleteAsync($"/api/v1/campaigns/{campaign.Id}")).ProblemAsync(404);
        await (await b.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/sync", new { })).ProblemAsync(404);
        await (await b.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/archive", new { })).ProblemAsync(404);
        Assert.Empty((await (await b.Owner.GetAsync("/api/v1/campaigns")).ReadAsync<Page<CampaignSummaryDto>>()).Data);

        // A number assigned to A can be used by A's campaigns only.
        Guid numberId;
        await using (var ctx = await api.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var number = PhoneNumber.Acquire("+1415555" + Random.Shared.Next(1000, 9999), PhoneNumberProvider.Retell, "US", 415, 2m, "USD", null, null, null, DateTime.UtcNow);
            number.AssignTo(a.Id, DateTime.UtcNow);
            ctx.PhoneNumbers.Add(number);
            await ctx.SaveChangesAsync();
            numberId = number.Id;
        }
        var withNumber = await (await a.Owner.PatchJsonAsync($"/api/v1/campaigns/{campaign.Id}", new { phone_number_id = numberId.ToString() })).ReadAsync<CampaignDto>();
        Assert.Equal(numberId, withNumber.PhoneNumberId);
        var refused = await (await b.Owner.PostJsonAsync("/api/v1/campaigns", new { name = "x", general_prompt = "x", phone_number_id = numberId.ToString() })).ProblemAsync(400);
        Assert.True(refused.GetProperty("errors").TryGetProperty("phone_number_id", out _));
        var cleared = await (await a.Owner.PatchJsonAsync($"/api/v1/campaigns/{campaign.Id}", new { phone_number_id = "" })).ReadAsync<CampaignDto>();
        Assert.Null(cleared.PhoneNumberId);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Attached_knowledge_bases_reach_the_Retell_llm_and_leave_it_when_deleted(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var form = new MultipartFormDataContent
        {
            { new StringContent("Roof FAQ"), "name" },
            { new StringContent("[{\"title\":\"Prices\",\"text\":\"A roof check is free.\"}]"), "texts" },
        };
        var kb = await (await tenant.Owner.PostAsync("/api/v1/knowledge-bases", form)).ReadAsync<KnowledgeBaseDto>();
        var campaign = await (await tenant.Owner.PostJsonAsync("/api/v1/campaigns", new
        {
            name = "With knowledge", general_prompt = "Answer from the FAQ.", knowledge_base_ids = new[] { kb.Id },
        })).ReadAsync<CampaignDto>();
        Assert.Equal([kb.Id], campaign.KnowledgeBaseIds);
        var retell = api.Factory.Services.GetRequiredService<RetellClient>();
        Assert.Equal([kb.RetellKnowledgeBaseId!], (await retell.GetLlmAsync(campaign.RetellLlmId!, default)).KnowledgeBaseIds);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Owner.DeleteAsync($"/api/v1/knowledge-bases/{kb.Id}")).StatusCode);
        var after = await (await tenant.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}")).ReadAsync<CampaignDto>();
        Assert.Empty(after.KnowledgeBaseIds);
        Assert.Equal(CampaignSyncStatus.Synced, after.SyncStatus);
        Assert.Empty((await retell.GetLlmAsync(campaign.RetellLlmId!, default)).KnowledgeBaseIds ?? []);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Voices_come_from_Retell_and_admins_and_anonymous_callers_are_kept_out(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var voices = (await (await tenant.Owner.GetAsync("/api/v1/voices")).ReadAsync<Page<VoiceDto>>()).Data;
        var adrian = Assert.Single(voices, v => v.VoiceId == "11labs-Adrian");
        Assert.Equal(("Adrian", "elevenlabs", "male", "American"), (adrian.Name, adrian.Provider, adrian.Gender, adrian.Accent));
        Assert.False(string.IsNullOrEmpty(adrian.PreviewAudioUrl));

        using var admin = await api.AdminAsync();
        await (await admin.GetAsync("/api/v1/campaigns")).ProblemAsync(403);
        await (await api.Anonymous().GetAsync("/api/v1/voices")).ProblemAsync(401);
    }
}
