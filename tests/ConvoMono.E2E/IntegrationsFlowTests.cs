using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConvoMono.E2E.Support;
using ConvoMono.Simulators.Retell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

/// <summary>The integrations page as an operator opens it. An app of its own: the test switches Retell to Live, which
/// is platform-wide.</summary>
public sealed class IntegrationsFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_page_shows_retells_concurrency_on_opening_and_a_clear_failure_when_retell_refuses_the_key()
    {
        // Three calls talking in the simulated workspace right now (they never end on their own): the page must show
        // these, not a default.
        var retell = app.Factory.Services.GetRequiredService<RetellSimulatorState>();
        var talking = Enumerable.Range(1, 3).Select(i => new SimulatedCall
        {
            Call = new JsonObject
            {
                ["call_id"] = $"call_e2e_talking_{i}", ["call_type"] = "phone_call", ["call_status"] = "ongoing", ["direction"] = "outbound",
                ["from_number"] = "+14155550100", ["to_number"] = $"+1212555010{i}",
            },
            WebhookUrl = null, StartAfterSimMs = 0, Outcome = "answered", TalkSeconds = 60, Converted = false,
            Phase = SimulatedPhase.Ongoing, NextAtSimMs = long.MaxValue,
        }).ToList();
        foreach (var call in talking) retell.Add(call);

        var admin = await app.NewPageAsync();
        await admin.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(admin).ToHaveURLAsync(app.BaseUrl + "/admin");
        await admin.GotoAsync("/admin/integrations");
        await admin.WaitForInteractiveAsync();
        var status = admin.Locator("#retell-test-result");
        // No click: the page asks Retell when it opens.
        await Expect(status).ToHaveTextAsync("Connected (Simulator). Concurrency: 3 of 20 calls in use.");
        await Expect(status).ToHaveClassAsync(new Regex("mud-alert-.*success"));
        // Twilio's card checks on opening too.
        await Expect(admin.Locator("#twilio-test-result")).ToHaveTextAsync("Connected (Simulator): ConvoMono Twilio simulator.");
        await admin.ShotAsync("admin-integrations-on-open");

        // The calls end; "Test connection" asks again.
        foreach (var call in talking) lock (call) call.Phase = SimulatedPhase.Ended;
        await admin.ClickAsync("#retell-test");
        await Expect(status).ToHaveTextAsync("Connected (Simulator). Concurrency: 0 of 20 calls in use.");

        // Another page open meanwhile (the dashboard) shows the simulator badge; it follows the switch below without a reload.
        var other = await app.NewPageAsync();
        await other.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(other).ToHaveURLAsync(app.BaseUrl + "/admin");
        await other.WaitForInteractiveAsync();
        await Expect(other.Locator("#simulated-badge")).ToBeVisibleAsync();

        // Live with a key Retell refuses (the simulator's URL stands in for Retell, so nothing leaves the machine).
        await admin.Locator("#retell-card label:has-text('Live')").ClickAsync();
        await admin.Locator("#retell-key").FillAsync("key_refused_by_retell_0000");
        await admin.Locator("#retell-base-url").FillAsync(app.BaseUrl + "/simulator/retell");
        await admin.ClickAsync("#retell-save");
        await Expect(admin.Locator(".mud-snackbar:has-text('Retell settings saved.')")).ToBeVisibleAsync();
        await Expect(admin.Locator("#retell-mode")).ToHaveTextAsync("Live");
        await Expect(status).ToHaveTextAsync("Not connected (Live). Retell answered 401: API key is missing or invalid.");
        await Expect(status).ToHaveClassAsync(new Regex("mud-alert-.*error"));
        await Expect(admin.Locator("#simulated-badge")).ToHaveCountAsync(0);
        await Expect(other.Locator("#simulated-badge")).ToHaveCountAsync(0);
        await admin.ShotAsync("admin-integrations-refused");

        // Opening the page again shows the failure straight away too.
        await admin.ReloadAsync();
        await admin.WaitForInteractiveAsync();
        await Expect(status).ToHaveTextAsync("Not connected (Live). Retell answered 401: API key is missing or invalid.");

        await admin.Locator("#retell-card label:has-text('Simulator')").ClickAsync();
        await admin.ClickAsync("#retell-save");
        await Expect(admin.Locator("#retell-mode")).ToHaveTextAsync("Simulator");
        await Expect(status).ToHaveTextAsync("Connected (Simulator). Concurrency: 0 of 20 calls in use.");
        await Expect(admin.Locator("#simulated-badge")).ToBeVisibleAsync();
        await Expect(other.Locator("#simulated-badge")).ToBeVisibleAsync();

        // Twilio live with an account Twilio does not know: the card says so on save, without a click.
        await admin.Locator("#twilio-card label:has-text('Live')").ClickAsync();
        await admin.Locator("#twilio-sid").FillAsync("AC" + new string('0', 32));
        await admin.Locator("#twilio-token").FillAsync("token_refused_0000");
        await admin.Locator("#twilio-base-url").FillAsync(app.BaseUrl + "/simulator/twilio");
        await admin.ClickAsync("#twilio-save");
        await Expect(admin.Locator(".mud-snackbar:has-text('Twilio settings saved.')")).ToBeVisibleAsync();
        await Expect(admin.Locator("#twilio-mode")).ToHaveTextAsync("Live");
        var twilio = admin.Locator("#twilio-test-result");
        await Expect(twilio).ToContainTextAsync("Not connected (Live). Twilio answered 401");
        await Expect(twilio).ToHaveClassAsync(new Regex("mud-alert-.*error"));
        await admin.ShotAsync("admin-integrations-twilio-refused");
        await admin.Locator("#twilio-card label:has-text('Simulator')").ClickAsync();
        await admin.ClickAsync("#twilio-save");
        await Expect(admin.Locator("#twilio-mode")).ToHaveTextAsync("Simulator");
        await Expect(twilio).ToHaveTextAsync("Connected (Simulator): ConvoMono Twilio simulator.");
    }
}
