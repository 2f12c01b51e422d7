using System.Net;
using System.Text.Json;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Calls;

/// <summary>The client's calls over HTTP: filters, paging, the detail with its transcript, tenant isolation, and never a
/// platform cost in a client response.</summary>
public sealed class CallApiTests(TestApps apps)
{
    private static readonly DateTime Monday = new(2026, 11, 23, 15, 0, 0, DateTimeKind.Utc);

    /// <summary>Five calls of tenant <c>A</c> over two campaigns, an hour apart (oldest first), and one of tenant <c>B</c>.</summary>
    private static async Task<(TestTenant A, TestTenant B, Guid Solar, Guid Wind, Call[] Calls, Call Other)> SeedAsync(TestApi api)
    {
        var a = await api.NewTenantAsync();
        var b = await api.NewTenantAsync();
        var solar = (await CallSeed.CampaignAsync(a.Owner, "Solar")).Id;
        var wind = (await CallSeed.CampaignAsync(a.Owner, "Wind")).Id;
        var lead = Guid.NewGuid();
        Call[] calls =
        [
            CallSeed.Analyzed(solar, Monday, c => c.LeadId = lead),
            CallSeed.Analyzed(solar, Monday.AddHours(1), c => (c.Outcome, c.Analysis["converted"]) = (CallOutcome.NotConverted, "false")),
            CallSeed.Analyzed(wind, Monday.AddHours(2), c => (c.Status, c.Outcome, c.DurationSeconds, c.BilledSeconds, c.BilledAmount, c.Transcript)
                = (CallStatus.Ended, CallOutcome.NoAnswer, 0, 0, 0m, null)),
            CallSeed.Analyzed(solar, Monday.AddHours(3), c => (c.LeadId, c.Attempt, c.Outcome) = (lead, 2, CallOutcome.Busy)),
            CallSeed.Analyzed(wind, Monday.AddHours(4), c => (c.Status, c.Outcome, c.EndedAt, c.DurationSeconds, c.BilledSeconds, c.BilledAmount)
                = (CallStatus.Ongoing, null, null, null, null, null)),
        ];
        await CallSeed.InsertAsync(api.Factory, a.Id, calls);
        var otherCampaign = (await CallSeed.CampaignAsync(b.Owner, "Other")).Id;
        var other = CallSeed.Analyzed(otherCampaign, Monday.AddHours(1));
        await CallSeed.InsertAsync(api.Factory, b.Id, other);
        return (a, b, solar, wind, calls, other);
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient http, string query) =>
        (await (await http.GetAsync("/api/v1/calls" + query)).ReadAsync<Page<CallListItemDto>>()).Data.Select(c => c.Id).ToList();

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Client_lists_its_calls_newest_first_and_filters_by_campaign_lead_status_outcome_and_time(Db db)
    {
        var api = await apps.ApiAsync(db);
        var (a, b, solar, wind, calls, other) = await SeedAsync(api);
        using var disposeA = a;
        using var disposeB = b;
        Guid[] newestFirst = [.. calls.Reverse().Select(c => c.Id)];

        var all = await (await a.Owner.GetAsync("/api/v1/calls")).ReadAsync<Page<CallListItemDto>>();
        Assert.Equal(newestFirst, all.Data.Select(c => c.Id));
        Assert.Null(all.NextCursor);
        var first = all.Data[^1];
        Assert.Equal((solar, "Solar", "+12015550111", "+14155550100", CallStatus.Analyzed, CallOutcome.Converted, 1),
            (first.CampaignId, first.CampaignName, first.ToNumber, first.FromNumber, first.Status, first.Outcome, first.Attempt));
        Assert.Equal((95, 120L, 0.50m, "USD", Monday, Monday.AddSeconds(5)),
            (first.DurationSeconds!.Value, first.BilledSeconds!.Value, first.BilledAmount!.Value, first.Currency, first.CreatedAt, first.StartedAt!.Value));
        Assert.Equal(("Ann agreed to a home visit.", "Positive", "2026-12-01"), (first.Summary, first.Sentiment, first.Analysis["visit_date"]));
        Assert.DoesNotContain(other.Id, all.Data.Select(c => c.Id));

        Assert.Equal([calls[3].Id, calls[1].Id, calls[0].Id], await IdsAsync(a.Owner, $"?campaign_id={solar}"));
        Assert.Equal([calls[4].Id, calls[2].Id], await IdsAsync(a.Owner, $"?campaign_id={wind}"));
        Assert.Equal([calls[3].Id, calls[0].Id], await IdsAsync(a.Owner, $"?lead_id={calls[0].LeadId}"));
        Assert.Equal([calls[4].Id], await IdsAsync(a.Owner, "?status=ongoing"));
        Assert.Equal([calls[2].Id], await IdsAsync(a.Owner, "?status=ended"));
        Assert.Equal([calls[1].Id], await IdsAsync(a.Owner, "?outcome=not_converted"));
        Assert.Equal([calls[2].Id], await IdsAsync(a.Owner, $"?outcome=no_answer&campaign_id={wind}"));
        Assert.Empty(await IdsAsync(a.Owner, $"?outcome=no_answer&campaign_id={solar}"));
        Assert.Equal([calls[3].Id, calls[2].Id, calls[1].Id], await IdsAsync(a.Owner, "?from=2026-11-23T16:00:00Z&to=2026-11-23T18:30:00Z"));
        Assert.Equal([calls[1].Id, calls[0].Id], await IdsAsync(a.Owner, "?to=2026-11-23T16:00:01Z"));
        Assert.Equal([calls[4].Id], await IdsAsync(a.Owner, "?from=2026-11-23T19:00:00")); // no zone: UTC
        // Another tenant's campaign or lead filters to nothing rather than to its calls.
        Assert.Empty(await IdsAsync(a.Owner, $"?campaign_id={other.CampaignId}"));
        Assert.Empty(await IdsAsync(b.Owner, $"?lead_id={calls[0].LeadId}"));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Client_pages_through_its_calls_with_the_cursor(Db db)
    {
        var api = await apps.ApiAsync(db);
        var (a, b, _, _, calls, _) = await SeedAsync(api);
        using var disposeA = a;
        using var disposeB = b;

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await a.Owner.GetAsync("/api/v1/calls?limit=2" + (cursor is null ? "" : "&cursor=" + cursor))).ReadAsync<Page<CallListItemDto>>();
            Assert.True(page.Data.Count <= 2);
            seen.AddRange(page.Data.Select(c => c.Id));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(calls.Reverse().Select(c => c.Id), seen);

        var filtered = await (await a.Owner.GetAsync("/api/v1/calls?outcome=converted&limit=1")).ReadAsync<Page<CallListItemDto>>();
        Assert.Equal(calls[0].Id, Assert.Single(filtered.Data).Id);
        Assert.Null(filtered.NextCursor);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Unknown_filters_and_bad_paging_are_400_with_the_field(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var admin = await api.AdminAsync();

        async Task<JsonElement> Errors(HttpClient http, string url) => (await (await http.GetAsync(url)).ProblemAsync(400)).GetProperty("errors");

        var status = await Errors(tenant.Owner, "/api/v1/calls?status=done");
        Assert.Contains("ongoing", status.GetProperty("status")[0].GetString());
        var outcome = await Errors(tenant.Owner, "/api/v1/calls?outcome=NoAnswer");
        Assert.Contains("no_answer", outcome.GetProperty("outcome")[0].GetString());
        Assert.True((await Errors(tenant.Owner, "/api/v1/calls?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z")).TryGetProperty("to", out _));
        Assert.True((await Errors(tenant.Owner, "/api/v1/calls?limit=501")).TryGetProperty("limit", out _));
        Assert.True((await Errors(tenant.Owner, "/api/v1/calls?cursor=nonsense")).TryGetProperty("cursor", out _));
        await (await tenant.Owner.GetAsync("/api/v1/calls?from=yesterday")).ProblemAsync(400);
        await (await tenant.Owner.GetAsync("/api/v1/calls?campaign_id=42")).ProblemAsync(400);
        Assert.True((await Errors(admin, "/api/v1/admin/calls?outcome=won")).TryGetProperty("outcome", out _));
        Assert.True((await Errors(admin, "/api/v1/admin/calls?status=Analyzed")).TryGetProperty("status", out _));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Client_reads_a_call_with_its_transcript_and_another_tenants_call_is_404(Db db)
    {
        var api = await apps.ApiAsync(db);
        var (a, b, solar, _, calls, other) = await SeedAsync(api);
        using var disposeA = a;
        using var disposeB = b;

        var call = await (await a.Owner.GetAsync($"/api/v1/calls/{calls[0].Id}")).ReadAsync<CallDto>();
        Assert.Equal((calls[0].Id, solar, "Solar", calls[0].LeadId, calls[0].RetellCallId), (call.Id, call.CampaignId, call.CampaignName, call.LeadId, call.RetellCallId));
        Assert.Equal(CallSeed.Transcript, call.Transcript);
        Assert.Equal(("https://recordings.example/call.wav", true, "user_hangup"), (call.RecordingUrl, call.Successful!.Value, call.DisconnectionReason));
        Assert.Equal(new Dictionary<string, string> { ["converted"] = "true", ["visit_date"] = "2026-12-01" }, call.Analysis);
        Assert.Equal((Monday.AddSeconds(100), 120L, 0.50m), (call.EndedAt!.Value, call.BilledSeconds!.Value, call.BilledAmount!.Value));

        var live = await (await a.Owner.GetAsync($"/api/v1/calls/{calls[4].Id}")).ReadAsync<CallDto>();
        Assert.Equal((CallStatus.Ongoing, (CallOutcome?)null, (long?)null, (decimal?)null), (live.Status, live.Outcome, live.BilledSeconds, live.BilledAmount));

        Assert.Equal("resource.not_found", (await (await a.Owner.GetAsync($"/api/v1/calls/{other.Id}")).ProblemAsync(404)).Code());
        await (await b.Owner.GetAsync($"/api/v1/calls/{calls[0].Id}")).ProblemAsync(404);
        await (await a.Owner.GetAsync($"/api/v1/calls/{Guid.NewGuid()}")).ProblemAsync(404);
        // The super admin has no tenant: the client route shows nothing of anyone (the admin routes are for that).
        using var admin = await api.AdminAsync();
        await (await admin.GetAsync($"/api/v1/calls/{calls[0].Id}")).ProblemAsync(403);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Client_responses_never_carry_Retell_cost_breakdown_profit_or_margin(Db db)
    {
        var api = await apps.ApiAsync(db);
        var (a, b, _, _, calls, _) = await SeedAsync(api);
        using var disposeA = a;
        using var disposeB = b;

        var list = await a.Owner.GetStringAsync("/api/v1/calls");
        var detail = await a.Owner.GetStringAsync($"/api/v1/calls/{calls[0].Id}");
        foreach (var json in new[] { list, detail })
        {
            var names = PropertyNames(JsonDocument.Parse(json).RootElement).ToHashSet();
            Assert.Contains("billed_amount", names);
            foreach (var forbidden in new[] { "retell_cost", "cost_breakdown", "profit", "margin", "cost", "product", "cost_currency" })
                Assert.DoesNotContain(forbidden, names);
            Assert.DoesNotContain("0.1425", json); // the Retell cost figure itself
            Assert.DoesNotContain("elevenlabs_tts", json);
        }
        // The list leaves the transcript to the detail.
        Assert.All(JsonDocument.Parse(list).RootElement.GetProperty("data").EnumerateArray(), item => Assert.False(item.TryGetProperty("transcript", out _)));
        Assert.True(JsonDocument.Parse(detail).RootElement.TryGetProperty("transcript", out _));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_call_routes_and_their_access()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        using var http = api.Anonymous();
        var doc = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = doc.GetProperty("paths");
        string Access(string path) => paths.GetProperty(path).GetProperty("get").GetProperty("x-access").GetString()!;

        Assert.Equal("client", Access("/api/v1/calls"));
        Assert.Equal("client", Access("/api/v1/calls/{id}"));
        Assert.Equal("super_admin", Access("/api/v1/admin/calls"));
        Assert.Equal("super_admin", Access("/api/v1/admin/calls/{id}"));
        Assert.Contains("transcript", paths.GetProperty("/api/v1/calls").GetProperty("get").GetProperty("summary").GetString());
        var parameters = paths.GetProperty("/api/v1/calls").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["campaign_id", "lead_id", "status", "outcome", "from", "to", "limit", "cursor"], parameters);
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var client = schemas.GetProperty("CallDto").GetProperty("properties");
        foreach (var field in new[] { "id", "campaign_id", "lead_id", "retell_call_id", "to_number", "from_number", "status", "outcome", "attempt",
                     "started_at", "ended_at", "duration_seconds", "billed_seconds", "billed_amount", "currency", "transcript", "recording_url", "analysis" })
            Assert.True(client.TryGetProperty(field, out _), field);
        Assert.False(client.TryGetProperty("retell_cost", out _));
        var adminCall = schemas.GetProperty("AdminCallDto").GetProperty("properties");
        foreach (var field in new[] { "client_id", "retell_cost", "cost_breakdown", "profit", "billed_amount" })
            Assert.True(adminCall.TryGetProperty(field, out _), field);
    }

    internal static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };
}
