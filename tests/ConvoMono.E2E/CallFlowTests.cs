using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.E2E.Support;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed class CallFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly DateTime Monday = new(2026, 11, 23, 15, 0, 0, DateTimeKind.Utc);

    /// <summary>A client with one campaign and two calls written as the engine leaves them: one converted (with
    /// transcript, recording, analysis and Retell's costs) and one unanswered retry.</summary>
    private async Task<(string OwnerEmail, string ClientName, Guid CampaignId, Call Converted)> SeedAsync()
    {
        var ownerEmail = await app.NewClientOwnerAsync("Sunny Solar");
        using var owner = await app.ApiAsync(ownerEmail, BrowserApp.OwnerPassword);
        var me = await owner.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var clientId = Guid.Parse(me.GetProperty("client_id").GetString()!);
        var campaign = await (await owner.PostAsJsonAsync("/api/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = "Roof check", ["general_prompt"] = "Offer a free roof check.",
        })).Content.ReadFromJsonAsync<JsonElement>();
        var campaignId = campaign.GetProperty("id").GetGuid();

        var converted = new Call
        {
            Id = Guid.CreateVersion7(Monday), CampaignId = campaignId, LeadId = Guid.NewGuid(), Attempt = 1, WaveId = Guid.NewGuid(),
            RetellCallId = "call_" + Guid.NewGuid().ToString("N"), Status = CallStatus.Analyzed, Outcome = CallOutcome.Converted,
            DisconnectionReason = "user_hangup", ToNumber = "+12015550111", FromNumber = "+14155550100", MaxDurationSeconds = 300,
            CreatedAt = Monday, StartedAt = Monday.AddSeconds(4), EndedAt = Monday.AddSeconds(99), DurationSeconds = 95,
            BilledSeconds = 120, BilledAmount = 0.60m, Currency = "USD", RetellCost = 0.1425m,
            CostBreakdown = [new("elevenlabs_tts", 0.095m), new("gpt_4o_mini", 0.0475m)],
            Transcript = "Agent: Hi Ann, this is Sam from Sunny Solar.\nUser: Hi, who is this?\nAgent: We offer a free roof check this month. Interested?\n"
                + "User: Yes, Tuesday morning works for me.\nAgent: Wonderful, you're booked for Tuesday at 9. Goodbye!",
            RecordingUrl = "https://recordings.example/ann.wav", Summary = "Ann booked a free roof check for Tuesday at 9 am.",
            Sentiment = "Positive", Successful = true, Analysis = new() { ["converted"] = "true", ["visit_date"] = "Tuesday 9 am" },
            UpdatedAt = Monday.AddSeconds(110),
        };
        var unanswered = new Call
        {
            Id = Guid.CreateVersion7(Monday.AddMinutes(30)), CampaignId = campaignId, LeadId = Guid.NewGuid(), Attempt = 2, WaveId = Guid.NewGuid(),
            RetellCallId = "call_" + Guid.NewGuid().ToString("N"), Status = CallStatus.Ended, Outcome = CallOutcome.NoAnswer,
            DisconnectionReason = "dial_no_answer", ToNumber = "+12015550113", FromNumber = "+14155550100", MaxDurationSeconds = 300,
            CreatedAt = Monday.AddMinutes(30), EndedAt = Monday.AddMinutes(31), DurationSeconds = 0, BilledSeconds = 0, BilledAmount = 0m,
            Currency = "USD", RetellCost = 0m, UpdatedAt = Monday.AddMinutes(31),
        };
        await using (var db = app.Factory.Services.GetRequiredService<TenantDbFactory>().For(clientId))
        {
            db.Calls.AddRange(converted, unanswered);
            await CallStatsRollup.SaveAsync(db, new Dictionary<Guid, CallStatsDelta?>(), default);
        }
        using var admin = await app.ApiAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        var client = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/clients/{clientId}");
        return (ownerEmail, client.GetProperty("name").GetString()!, campaignId, converted);
    }

    [Fact]
    public async Task A_client_without_calls_is_told_where_they_come_from()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(await app.NewClientOwnerAsync("Quiet Co"), BrowserApp.OwnerPassword);
        await page.GotoAsync("/app/calls");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#calls-empty")).ToContainTextAsync("No calls yet");
        await page.ShotAsync("client-calls-empty");
        await page.GotoAsync($"/app/calls/{Guid.NewGuid()}");
        await Expect(page.Locator("#call-missing")).ToContainTextAsync("This call does not exist");
    }

    [Fact]
    public async Task A_client_finds_a_call_reads_its_conversation_and_billing_and_the_admin_sees_its_cost_and_profit()
    {
        var (ownerEmail, clientName, campaignId, call) = await SeedAsync();

        var page = await app.NewPageAsync();
        await page.SignInAsync(ownerEmail, BrowserApp.OwnerPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.WaitForInteractiveAsync(); // a click on the menu while the circuit starts can be lost
        await page.GetByRole(AriaRole.Link, new() { Name = "Calls", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/calls");
        await page.WaitForInteractiveAsync();
        var rows = page.Locator("#calls-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("+12015550113");
        await Expect(rows.Nth(0)).ToContainTextAsync("No answer");
        await Expect(rows.Nth(1)).ToContainTextAsync("Converted");
        await Expect(rows.Nth(1)).ToContainTextAsync("0.60 USD");
        await Expect(rows.Nth(1)).ToContainTextAsync("Roof check");
        await page.ShotAsync("client-calls");

        // The campaign's link target: the list filtered to it; an outcome filter narrows it further.
        await page.GotoAsync($"/app/calls?campaign_id={campaignId}&outcome=converted");
        await page.WaitForInteractiveAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.Locator("#clear-filters")).ToBeVisibleAsync();
        await page.GotoAsync($"/app/calls?campaign_id={campaignId}&outcome=busy");
        await Expect(page.Locator("#calls-empty")).ToContainTextAsync("No call matches these filters");
        await page.ShotAsync("client-calls-filtered-empty");

        // Days in the address, both included.
        await page.GotoAsync("/app/calls?from=2026-11-23&to=2026-11-23");
        await Expect(rows).ToHaveCountAsync(2);
        await page.GotoAsync("/app/calls?from=2026-11-24");
        await Expect(page.Locator("#calls-empty")).ToBeVisibleAsync();

        await page.GotoAsync($"/app/calls?campaign_id={campaignId}");
        await page.WaitForInteractiveAsync();
        await rows.Filter(new() { HasText = "Converted" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/app/calls/{call.Id}");
        await Expect(page.Locator("#call-title")).ToHaveTextAsync("+12015550111");
        await Expect(page.Locator("#call-billed")).ToHaveTextAsync("0.60 USD");
        await Expect(page.Locator("#call-billed-seconds")).ToContainTextAsync("120 s billed");
        await Expect(page.Locator("#call-duration")).ToHaveTextAsync("1:35");
        await Expect(page.Locator("#call-transcript .transcript-turn.agent").First).ToContainTextAsync("Hi Ann, this is Sam from Sunny Solar.");
        await Expect(page.Locator("#call-transcript .transcript-turn.contact")).ToHaveCountAsync(2);
        await Expect(page.Locator("#call-transcript .transcript-turn.contact").Last).ToContainTextAsync("Tuesday morning works");
        await Expect(page.Locator("audio#call-recording")).ToHaveAttributeAsync("src", "https://recordings.example/ann.wav");
        await Expect(page.Locator("#call-summary")).ToContainTextAsync("Ann booked a free roof check");
        await Expect(page.Locator("#call-analysis-fields")).ToContainTextAsync("Visit date");
        await Expect(page.Locator("#call-ending")).ToContainTextAsync("The contact hung up");
        await Expect(page.Locator("#call-costs")).ToHaveCountAsync(0);
        var main = await page.Locator(".mud-main-content").InnerTextAsync();
        Assert.DoesNotContain("Retell", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("0.1425", main);
        Assert.DoesNotContain("profit", main, StringComparison.OrdinalIgnoreCase);
        await page.ShotAsync("client-call-detail");

        var admin = await app.NewPageAsync();
        await admin.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(admin).ToHaveURLAsync(app.BaseUrl + "/admin");
        await admin.WaitForInteractiveAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Calls", Exact = true }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(app.BaseUrl + "/admin/calls");
        await admin.WaitForInteractiveAsync();
        var adminRow = admin.Locator("#admin-calls-table tbody tr", new() { HasText = "+12015550111" });
        await Expect(adminRow).ToContainTextAsync(clientName);
        await Expect(adminRow).ToContainTextAsync("0.1425 USD");
        await Expect(adminRow).ToContainTextAsync("0.4575 USD");
        await admin.ShotAsync("admin-calls");

        await adminRow.Locator("a.call-number").ClickAsync();
        await Expect(admin).ToHaveURLAsync($"{app.BaseUrl}/admin/calls/{call.Id}");
        await Expect(admin.Locator("#cost-retell")).ToHaveTextAsync("0.1425 USD");
        await Expect(admin.Locator("#cost-billed")).ToHaveTextAsync("0.60 USD");
        await Expect(admin.Locator("#cost-profit")).ToHaveTextAsync("0.4575 USD");
        await Expect(admin.Locator("#cost-margin")).ToContainTextAsync("76.3");
        await Expect(admin.Locator("#cost-breakdown")).ToContainTextAsync("elevenlabs_tts");
        await Expect(admin.Locator("#call-client")).ToContainTextAsync(clientName);
        await Expect(admin.Locator("#call-transcript")).ToContainTextAsync("Tuesday morning works");
        await admin.ShotAsync("admin-call-detail");
        Assert.True(app.CspViolations.IsEmpty, string.Join("\n", app.CspViolations)); // recordings, transcripts and live updates under the policy
    }
}
