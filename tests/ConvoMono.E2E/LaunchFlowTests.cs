using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed class LaunchFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Numbers in zones around the world (each valid for libphonenumber and mapped to its zone). The app runs on
    /// the real clock, so the leads are put where it is early afternoon now, well inside the 08:00–21:00 window.</summary>
    private static readonly (string Zone, string Prefix)[] Places =
    [
        ("Pacific/Honolulu", "+1 808 555 "), ("America/Los_Angeles", "+1 415 555 "), ("America/New_York", "+1 201 555 "),
        ("America/Sao_Paulo", "+55 11 3333 "), ("Europe/London", "+44 20 7946 "), ("Asia/Dubai", "+971 4 555 "),
        ("Asia/Kolkata", "+91 22 2345 "), ("Asia/Singapore", "+65 6555 "), ("Asia/Tokyo", "+81 3 3333 "), ("Australia/Sydney", "+61 2 9555 "),
    ];

    [Fact]
    public async Task A_client_launches_a_campaign_now_and_watches_it_to_completion_on_the_live_monitor()
    {
        var (email, campaignId, name) = await LaunchableCampaignAsync();
        var page = await app.NewPageAsync();
        await page.SignInAsync(email, BrowserApp.OwnerPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.GotoAsync($"/app/campaigns/{campaignId}");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#campaign-title")).ToHaveTextAsync(name);
        await Expect(page.Locator("#preview-to-call")).ToHaveTextAsync("6");
        await Expect(page.Locator("#open-live-monitor")).ToHaveCountAsync(0); // a draft has nothing to watch yet

        // The dialog: start now or at a time in a zone, and what the launch reserves (6 leads × the 2-minute estimate).
        var launch = page.Locator("#launch-campaign");
        await Expect(launch).ToBeEnabledAsync();
        await launch.ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Start now");
        await Expect(dialog.Locator("#launch-summary")).ToContainTextAsync("12.0 min");
        await Expect(dialog.Locator("#launch-summary")).ToContainTextAsync("6 to call today");
        await dialog.GetByText("Schedule", new() { Exact = true }).ClickAsync();
        await Expect(dialog.Locator("#launch-start-hint")).ToContainTextAsync("UTC, in ");
        await Expect(dialog.Locator("input#launch-zone")).ToHaveValueAsync("America/New_York"); // the client's zone
        await page.ShotAsync("launch-dialog-schedule");
        await dialog.GetByText("Start now", new() { Exact = true }).ClickAsync();
        await Expect(dialog.Locator("#launch-confirm")).ToContainTextAsync("Launch now");
        await page.ShotAsync("launch-dialog");
        await dialog.Locator("#launch-confirm").ClickAsync();

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Campaign launched");
        await Expect(dialog).ToHaveCountAsync(0);
        // The page follows the campaign: no longer a draft, the dry run gives way to progress, the monitor opens.
        await Expect(page.Locator(".status-chip").First).Not.ToHaveTextAsync("Draft");
        await Expect(page.Locator("#campaign-progress-text")).ToContainTextAsync("leads done");
        await Expect(page.Locator("#launch-campaign")).ToHaveCountAsync(0);
        await page.ShotAsync("campaign-launched");

        await page.ClickAsync("#open-live-monitor");
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/app/campaigns/{campaignId}/live");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#monitor-title")).ToHaveTextAsync(name);
        await Expect(page.Locator("#monitor-progress-percent")).ToHaveTextAsync("100%", new() { Timeout = 90_000 });
        await Expect(page.Locator("#monitor-status")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        await Expect(page.Locator("#monitor-progress-text")).ToContainTextAsync("6 of 6 leads done");
        await Expect(page.Locator("#stat-converted .stat-value")).ToHaveTextAsync("2");
        await Expect(page.Locator("#stat-conversion .stat-value")).ToHaveTextAsync("33.3%");
        await Expect(page.Locator("#stat-in-progress .stat-value")).ToHaveTextAsync("0");
        await Expect(page.Locator("#stat-billed .stat-value")).ToContainTextAsync("USD");
        await Expect(page.Locator("#stat-billed .stat-value")).Not.ToHaveTextAsync("0.00 USD");
        await Expect(page.Locator("#monitor-recent tr.recent-call")).ToHaveCountAsync(6);
        await Expect(page.Locator("#monitor-recent .outcome-chip", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Converted$") })).ToHaveCountAsync(2);
        await Expect(page.Locator("#monitor-recent a[href^='/app/calls/']")).ToHaveCountAsync(6);
        await Expect(page.Locator("#in-progress-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#credit-held")).ToContainTextAsync("0.0"); // completion returned the reservation
        await Expect(page.Locator("#monitor-burn-down svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#pause-campaign")).ToHaveCountAsync(0);
        await Expect(page.Locator("#cancel-campaign")).ToHaveCountAsync(0);
        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 15_000 }); // the launch's snackbar, gone by now
        await page.ShotAsync("live-monitor-completed");

        // Another client's campaign is not found.
        var stranger = await app.NewPageAsync();
        await stranger.SignInAsync(await app.NewClientOwnerAsync("Stranger"), BrowserApp.OwnerPassword);
        await Expect(stranger).ToHaveURLAsync(app.BaseUrl + "/app");
        await stranger.GotoAsync($"/app/campaigns/{campaignId}/live");
        await Expect(stranger.Locator("#monitor-not-found")).ToContainTextAsync("does not exist");
    }

    [Fact]
    public async Task A_client_schedules_a_launch_pauses_and_resumes_it_and_cancels_it_before_it_starts()
    {
        var (email, campaignId, _) = await LaunchableCampaignAsync();
        var page = await app.NewPageAsync();
        await page.SignInAsync(email, BrowserApp.OwnerPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.GotoAsync($"/app/campaigns/{campaignId}");
        await page.WaitForInteractiveAsync();
        var launch = page.Locator("#launch-campaign");
        await Expect(launch).ToBeEnabledAsync();
        await launch.ClickAsync();

        // The default time is at least an hour ahead in the client's zone.
        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByText("Schedule", new() { Exact = true }).ClickAsync();
        await Expect(dialog.Locator("#launch-start-hint")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"UTC, in \d+ h"));
        await dialog.Locator("#launch-confirm").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Launch scheduled for");
        var chip = page.Locator(".status-chip").First;
        await Expect(chip).ToHaveTextAsync("Scheduled");
        await Expect(page.Locator("#launch-scheduled")).ToContainTextAsync("(America/New_York)");
        await Expect(page.Locator("#open-live-monitor")).ToHaveCountAsync(0);
        await page.ShotAsync("campaign-scheduled");

        await page.ClickAsync("#pause-campaign");
        await Expect(chip).ToHaveTextAsync("Paused · by you");
        await Expect(page.Locator("#pause-reason")).ToContainTextAsync("Paused by a user");
        await Expect(page.Locator("#launch-scheduled")).ToContainTextAsync("waits until you resume");
        await page.ClickAsync("#resume-campaign");
        await Expect(chip).ToHaveTextAsync("Scheduled"); // paused before its start time: back to waiting for it
        await Expect(page.Locator("#pause-reason")).ToHaveCountAsync(0);

        await page.ClickAsync("#cancel-campaign");
        var confirm = page.Locator(".mud-dialog", new() { HasText = "Cancel the campaign?" });
        await Expect(confirm).ToContainTextAsync("Calls in progress finish");
        await Expect(confirm).ToContainTextAsync("unused part of the credit reservation returns");
        await page.ShotAsync("campaign-cancel-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel campaign" }).ClickAsync();
        await Expect(chip).ToHaveTextAsync("Cancelled");
        await Expect(page.Locator("#launch-preview")).ToContainTextAsync("cancelled before it started");
        await Expect(page.Locator("#campaign-controls button")).ToHaveCountAsync(0);

        await page.GotoAsync($"/app/campaigns/{campaignId}/live");
        await Expect(page.Locator("#monitor-empty")).ToContainTextAsync("Cancelled before it started");
    }

    /// <summary>Over the API: a client with credit, a Retell number bought and assigned to it, and a campaign calling
    /// from that number every day 08:00–21:00 with six leads (one attempt each) where it is early afternoon now.</summary>
    private async Task<(string Email, Guid CampaignId, string Name)> LaunchableCampaignAsync()
    {
        using var admin = await app.ApiAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        var email = $"owner-{Guid.NewGuid():N}@e2e.local";
        var client = await ReadAsync(await admin.PostAsJsonAsync("/api/v1/admin/clients", new Dictionary<string, object>
        {
            ["name"] = "Launch Co " + Guid.NewGuid().ToString("N")[..6], ["billing_rate_per_minute"] = 0.3m, ["initial_minutes"] = 60,
            ["owner_email"] = email, ["owner_password"] = BrowserApp.OwnerPassword,
        }));
        var number = await ReadAsync(await admin.PostAsJsonAsync("/api/v1/admin/phone-numbers/purchase", new { provider = "retell", area_code = 415 }));
        await ReadAsync(await admin.PostAsJsonAsync($"/api/v1/admin/phone-numbers/{number.GetProperty("id").GetString()}/assign",
            new { client_id = client.GetProperty("id").GetString() }));

        using var owner = await app.ApiAsync(email, BrowserApp.OwnerPassword);
        var name = "Solar launch " + Guid.NewGuid().ToString("N")[..6];
        var campaign = await ReadAsync(await owner.PostAsJsonAsync("/api/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = name, ["general_prompt"] = "You are Sam from Sunny Solar. Offer {{first_name}} a free roof check.",
            ["phone_number_id"] = number.GetProperty("id").GetString()!, ["max_call_duration_seconds"] = 120, ["concurrency"] = 6,
            ["calling_window"] = new { start = "08:00", end = "21:00", days = new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" } },
            ["retry"] = new { max_attempts = 1, delay_minutes = 5, on = Array.Empty<string>() },
        }));
        var campaignId = campaign.GetProperty("id").GetGuid();

        var (_, prefix) = Places.MinBy(p => DistanceFromEarlyAfternoon(p.Zone));
        var csv = new StringBuilder("phone,first_name\n");
        foreach (var (ending, i) in BrowserApp.LaunchOutcomes.Keys.Select((e, i) => (e, i))) csv.Append($"{prefix}{ending},Lead{i + 1}\n");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())) { Headers = { ContentType = new("text/csv") } }, "file", "leads.csv");
        var import = await ReadAsync(await owner.PostAsync($"/api/v1/campaigns/{campaignId}/leads/import", form));
        Assert.Equal(6, import.GetProperty("imported").GetInt32());
        return (email, campaignId, name);
    }

    private static double DistanceFromEarlyAfternoon(string zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone));
        return Math.Abs(local.TimeOfDay.TotalHours - 14);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}
