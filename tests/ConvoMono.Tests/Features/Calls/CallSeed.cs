using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Calls;

/// <summary>Calls written straight into a tenant, as the engine leaves them (with their daily rollup, not through the
/// ledger), for tests of what is read back. <see cref="CallSeeder"/> ends calls through the tracker and the ledger.</summary>
public static class CallSeed
{
    public const string Transcript = "Agent: Hi Ann, this is Sam from Sunny.\nUser: Hi, who is this?\nAgent: A quick offer on solar panels.\nUser: Yes, let's do it.";

    public static async Task<CampaignDto> CampaignAsync(HttpClient owner, string name) =>
        await (await owner.PostJsonAsync("/api/v1/campaigns", new { name, general_prompt = "Offer solar panels." })).ReadAsync<CampaignDto>();

    /// <summary>An analyzed, converted call of 95 s billed as 2 minutes at 0.25/min, which cost 0.1425 USD at Retell;
    /// <paramref name="change"/> adjusts it. <paramref name="placedAt"/> also dates the id, which orders the lists.</summary>
    public static Call Analyzed(Guid campaignId, DateTime placedAt, Action<Call>? change = null)
    {
        var call = new Call
        {
            Id = Guid.CreateVersion7(placedAt), CampaignId = campaignId, LeadId = Guid.NewGuid(), Attempt = 1, WaveId = Guid.NewGuid(),
            RetellCallId = "call_" + Guid.NewGuid().ToString("N"), Status = CallStatus.Analyzed, Outcome = CallOutcome.Converted,
            DisconnectionReason = "user_hangup", ToNumber = "+12015550111", FromNumber = "+14155550100", MaxDurationSeconds = 300,
            CreatedAt = placedAt, DispatchedAt = placedAt, StartedAt = placedAt.AddSeconds(5), EndedAt = placedAt.AddSeconds(100),
            AnalyzedAt = placedAt.AddSeconds(110), DurationSeconds = 95, BilledSeconds = 120, BilledAmount = 0.50m, Currency = "USD",
            RetellCost = 0.1425m, CostBreakdown = [new("elevenlabs_tts", 0.0950m), new("gpt_4o_mini", 0.0475m)],
            Transcript = Transcript, RecordingUrl = "https://recordings.example/call.wav", Summary = "Ann agreed to a home visit.",
            Sentiment = "Positive", Successful = true, Analysis = new() { ["converted"] = "true", ["visit_date"] = "2026-12-01" },
            UpdatedAt = placedAt.AddSeconds(110),
        };
        change?.Invoke(call);
        return call;
    }

    public static async Task InsertAsync(TestAppFactory app, Guid tenantId, params Call[] calls)
    {
        await using var db = app.Services.GetRequiredService<TenantDbFactory>().For(tenantId);
        db.Calls.AddRange(calls);
        await CallStatsRollup.SaveAsync(db, new Dictionary<Guid, CallStatsDelta?>(), default); // the daily rollup moves with them
    }
}
