using System.Text.Json;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Support;

/// <summary>What one seeded call did, as Retell would report it: <paramref name="Outcome"/> is one of
/// <c>converted</c>, <c>not_converted</c>, <c>voicemail</c> (connected), <c>no_answer</c>, <c>busy</c>, <c>failed</c>
/// (never connected: no duration). <paramref name="CostCents"/> is Retell's combined cost in cents, split evenly between
/// two products; null leaves the cost unknown.</summary>
public sealed record SeedCall(DateTime EndedAt, int ConnectedSeconds, string Outcome, decimal? CostCents, string? Sentiment = null,
    Dictionary<string, string>? Analysis = null, string? Summary = null, string? Transcript = null);

/// <summary>Puts finished calls with known figures in a campaign the way the engine does (a lead, a call row, a credit
/// hold), then ends each through the real <see cref="CallTracker"/> with a Retell snapshot: so the ledger settles them,
/// the lead is decided and the daily rollup moves exactly as in production. Report tests compare against
/// hand-computed figures from the <see cref="SeedCall"/>s.</summary>
public static class CallSeeder
{
    /// <summary>A campaign for the tenant (no number needed), created through the API.</summary>
    public static async Task<CampaignDto> CampaignAsync(TestTenant tenant, string name = "Report campaign") =>
        await (await tenant.Owner.PostJsonAsync("/api/v1/campaigns", new
        {
            name, general_prompt = "Hello {{first_name}}", concurrency = 10, max_call_duration_seconds = 600,
            retry = new { max_attempts = 1, delay_minutes = 5, on = new[] { "no_answer" } },
        })).ReadAsync<CampaignDto>();

    /// <summary>Seeds the calls (one lead each) and returns them as stored. The tenant needs enough credit for a
    /// 600-second hold per call.</summary>
    public static async Task<List<Call>> SeedAsync(IServiceProvider services, Guid tenantId, Guid campaignId, IReadOnlyList<SeedCall> seeds)
    {
        var tenants = services.GetRequiredService<TenantDbFactory>();
        var ledger = services.GetRequiredService<CreditLedger>();
        var tracker = services.GetRequiredService<CallTracker>();
        var calls = new List<(Call Call, SeedCall Seed)>();
        await using (var db = tenants.For(tenantId))
        {
            var currency = db.Clients.Where(c => c.Id == tenantId).Select(c => c.Currency).First();
            foreach (var seed in seeds)
            {
                var phone = $"+1212{Random.Shared.Next(2_000_000, 9_999_999)}";
                var dialed = seed.EndedAt.AddSeconds(-seed.ConnectedSeconds - 20);
                var lead = new Lead
                {
                    TenantId = tenantId, CampaignId = campaignId, PhoneNumber = phone, TimeZone = "America/New_York", Status = LeadStatus.Dialing,
                    Attempts = 1, LastAttemptAt = dialed, CreatedAt = dialed, UpdatedAt = dialed,
                    Variables = new Dictionary<string, string> { ["first_name"] = "Lead " + calls.Count },
                };
                var call = new Call
                {
                    TenantId = tenantId, CampaignId = campaignId, LeadId = lead.Id, Attempt = 1, WaveId = Guid.CreateVersion7(), ToNumber = phone,
                    FromNumber = "+14155550100", MaxDurationSeconds = 600, Currency = currency, Status = CallStatus.Queued, CreatedAt = dialed,
                    DispatchedAt = dialed, UpdatedAt = dialed,
                };
                db.Leads.Add(lead);
                db.Calls.Add(call);
                calls.Add((call, seed));
            }
            await db.SaveChangesAsync();
        }
        var holds = await ledger.PlaceCallHoldsAsync(tenantId, campaignId, calls.Select(c => new HoldRequest(c.Call.HoldKey, 600)).ToList(), default);
        Assert.All(holds, h => Assert.NotNull(h));

        foreach (var (call, seed) in calls)
        {
            var connected = seed.Outcome is "converted" or "not_converted" or "voicemail";
            Assert.True(connected || seed.ConnectedSeconds == 0, "A call that never connected has no duration");
            var endMs = new DateTimeOffset(DateTime.SpecifyKind(seed.EndedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
            var analysis = new Dictionary<string, string>(seed.Analysis ?? []) { [CampaignRetellSync.ConvertedField] = (seed.Outcome == "converted").ToString().ToLowerInvariant() };
            var applied = await tracker.ApplyAsync(new RetellCall
            {
                CallId = "call_seed_" + call.Id.ToString("N"), CallStatus = connected ? "ended" : "not_connected",
                Metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string>
                {
                    ["client_id"] = tenantId.ToString(), ["campaign_id"] = campaignId.ToString(), ["call_id"] = call.Id.ToString(),
                }),
                StartTimestamp = endMs - seed.ConnectedSeconds * 1000L, EndTimestamp = endMs, DurationMs = seed.ConnectedSeconds * 1000L,
                DisconnectionReason = seed.Outcome switch
                {
                    "no_answer" => "dial_no_answer", "busy" => "dial_busy", "failed" => "dial_failed", "voicemail" => "voicemail_reached",
                    "converted" => "agent_hangup", _ => "user_hangup",
                },
                Transcript = seed.Transcript ?? (connected ? "Agent: Hello\nUser: Hi" : null),
                CallCost = seed.CostCents is { } cents ? new RetellCallCost
                {
                    CombinedCost = cents, TotalDurationSeconds = seed.ConnectedSeconds,
                    ProductCosts = [new RetellProductCost("retell_voice_engine", cents / 2, null), new RetellProductCost("twilio_telephony", cents - cents / 2, null)],
                } : null,
                CallAnalysis = new RetellCallAnalysis
                {
                    CallSummary = seed.Summary ?? (connected ? "Talked." : "Did not connect."), CallSuccessful = seed.Outcome == "converted",
                    UserSentiment = seed.Sentiment ?? (connected ? "Neutral" : "Unknown"), InVoicemail = seed.Outcome == "voicemail",
                    CustomAnalysisData = JsonSerializer.SerializeToElement(analysis),
                },
            }, default);
            Assert.True(applied);
        }
        await using var read = tenants.For(tenantId);
        var ids = calls.Select(c => c.Call.Id).ToList();
        return read.Calls.Where(c => ids.Contains(c.Id)).OrderBy(c => c.EndedAt).ToList();
    }
}
