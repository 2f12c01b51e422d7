using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.E2E.Support;
using ConvoMono.Features.Credits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed class PortalFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string OwnerPassword = "Owner-Passw0rd!";

    private async Task<IPage> AdminAsync()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin");
        await page.WaitForInteractiveAsync();
        return page;
    }

    private async Task<string> CreateClientViaUiAsync(IPage admin, string name)
    {
        var ownerEmail = $"owner-{Guid.NewGuid():N}@e2e.local";
        await admin.GotoAsync("/admin/clients");
        await admin.WaitForInteractiveAsync();
        await admin.ClickAsync("#new-client");
        await admin.Locator("#client-name").FillAsync(name);
        await admin.Locator("#client-minutes").FillAsync("120");
        await admin.Locator("#owner-email").FillAsync(ownerEmail);
        await admin.Locator("#owner-password").FillAsync(OwnerPassword);
        await admin.ShotAsync("admin-new-client-dialog");
        await admin.ClickAsync("#create-client");
        await Expect(admin.Locator("#client-title")).ToHaveTextAsync(name);
        return ownerEmail;
    }

    [Fact]
    public async Task Admin_signs_in_creates_a_client_with_its_owner_and_sees_it_in_the_list()
    {
        var admin = await AdminAsync();
        await admin.ShotAsync("admin-dashboard");
        var name = "Bright Dental " + Guid.NewGuid().ToString("N")[..6];

        await CreateClientViaUiAsync(admin, name);
        await admin.ShotAsync("admin-client-detail");
        await Expect(admin.Locator("#audit-table")).ToContainTextAsync("client.created");

        await admin.GotoAsync("/admin/clients");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("#clients-table")).ToContainTextAsync(name);
        await admin.Locator("#client-search").FillAsync(name[^6..]);
        await Expect(admin.Locator("#clients-table tbody tr")).ToHaveCountAsync(1);
        await admin.ShotAsync("admin-clients");
    }

    [Fact]
    public async Task Owner_lands_in_the_client_portal_and_creates_an_api_key_shown_once()
    {
        var admin = await AdminAsync();
        var ownerEmail = await CreateClientViaUiAsync(admin, "Key Co " + Guid.NewGuid().ToString("N")[..6]);

        var owner = await app.NewPageAsync();
        await owner.SignInAsync(ownerEmail, OwnerPassword);
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app");
        await owner.WaitForInteractiveAsync();
        await owner.ShotAsync("client-dashboard");

        await owner.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app/api-keys");
        await owner.Locator("#key-name").FillAsync("CRM sync");
        await owner.ClickAsync("#create-key");
        var secret = owner.Locator("#new-key-secret");
        await Expect(secret).ToContainTextAsync("cm_live_");
        await Expect(owner.Locator("#keys-table")).ToContainTextAsync("CRM sync");
        await owner.ShotAsync("client-api-keys");

        // The secret works against the API, and a reload never shows it again.
        var text = (await secret.TextContentAsync())!.Trim();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", text);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("client_member", me.GetProperty("role").GetString());
        await owner.ReloadAsync();
        await owner.WaitForInteractiveAsync();
        Assert.DoesNotContain(text, await owner.ContentAsync());
    }

    [Fact]
    public async Task A_client_owner_opening_an_admin_page_gets_the_forbidden_page_and_no_client_data()
    {
        var admin = await AdminAsync();
        var secretName = "Hidden Corp " + Guid.NewGuid().ToString("N")[..6];
        var ownerEmail = await CreateClientViaUiAsync(admin, secretName);

        var owner = await app.NewPageAsync();
        await owner.SignInAsync(ownerEmail, OwnerPassword);
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app");
        await owner.GotoAsync("/admin/clients");
        await Expect(owner.Locator("#forbidden")).ToBeVisibleAsync();
        Assert.StartsWith(app.BaseUrl + "/forbidden", owner.Url);
        Assert.DoesNotContain(secretName, await owner.ContentAsync());
        await owner.ShotAsync("client-forbidden");
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_keeps_the_visitor_signed_out()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, "Wrong-passw0rd");
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync("The email or password is wrong.");
        await Expect(page.Locator("#email")).ToHaveValueAsync(BrowserApp.AdminEmail);
        await page.ShotAsync("signin-error");
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    [Fact]
    public async Task A_visitor_sent_to_sign_in_returns_to_the_page_they_wanted()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/admin/branding");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?.*returnurl", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await page.ShotAsync("signin");
        await page.FillAsync("#email", BrowserApp.AdminEmail);
        await page.FillAsync("#password", BrowserApp.AdminPassword);
        await page.ClickAsync("#signin-submit");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/branding");
    }

    [Fact]
    public async Task The_client_list_refreshes_live_when_another_admin_creates_a_client()
    {
        var admin = await AdminAsync();
        await admin.GotoAsync("/admin/clients");
        await admin.WaitForInteractiveAsync();
        var name = "Live Arrival " + Guid.NewGuid().ToString("N")[..6];

        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await http.PostAsJsonAsync("/api/v1/auth/token", new { email = BrowserApp.AdminEmail, password = BrowserApp.AdminPassword }))
            .Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        var created = await http.PostAsJsonAsync("/api/v1/admin/clients", new Dictionary<string, object>
        {
            ["name"] = name, ["billing_rate_per_minute"] = 0.3m, ["owner_email"] = $"o-{Guid.NewGuid():N}@e2e.local", ["owner_password"] = OwnerPassword,
        });
        created.EnsureSuccessStatusCode();

        await Expect(admin.Locator("#clients-table")).ToContainTextAsync(name);
    }

    [Fact]
    public async Task Branding_changes_the_name_on_sign_in_and_in_the_layout()
    {
        var admin = await AdminAsync();
        await admin.GotoAsync("/admin/branding");
        await admin.WaitForInteractiveAsync();
        await admin.Locator("#brand-name").FillAsync("VoiceWave");
        await admin.Locator("#brand-color").FillAsync("#0E7C66");
        await admin.ClickAsync("#save-branding");
        await Expect(admin.Locator("#platform-name")).ToHaveTextAsync("VoiceWave");
        await admin.ShotAsync("admin-branding");

        var visitor = await app.NewPageAsync();
        await visitor.GotoAsync("/signin");
        await Expect(visitor.Locator(".signin-brand")).ToContainTextAsync("VoiceWave");
        await Expect(visitor).ToHaveTitleAsync("Sign in · VoiceWave");
        await visitor.ShotAsync("signin-branded");

        // Put the default back for the other tests' screenshots.
        await admin.Locator("#brand-name").FillAsync("ConvoMono");
        await admin.Locator("#brand-color").FillAsync("#4F46E5");
        await admin.ClickAsync("#save-branding");
        await Expect(admin.Locator("#platform-name")).ToHaveTextAsync("ConvoMono");
    }

    [Fact]
    public async Task Admin_grants_and_adjusts_credit_and_the_owner_sees_it_live_with_a_low_balance_warning()
    {
        var admin = await AdminAsync();
        var ownerEmail = await CreateClientViaUiAsync(admin, "Credit Co " + Guid.NewGuid().ToString("N")[..6]); // 120 minutes

        var owner = await app.NewPageAsync();
        await owner.SignInAsync(ownerEmail, OwnerPassword);
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app");
        await owner.GotoAsync("/app/credits");
        await owner.WaitForInteractiveAsync();
        await Expect(owner.Locator("#credits-available")).ToContainTextAsync("120.00");
        await Expect(owner.Locator("#low-balance")).ToHaveCountAsync(0);

        await admin.Locator("#credit-minutes").FillAsync("60");
        await admin.ClickAsync("#credit-submit");
        await admin.Locator(".mud-dialog button:has-text('Apply')").ClickAsync();
        // The live refresh can show the new balance before the form is reset; wait for the reset.
        await Expect(admin.Locator(".mud-snackbar:has-text('Credit updated.')")).ToBeVisibleAsync();
        await Expect(admin.Locator("#admin-available")).ToContainTextAsync("180.00");
        await Expect(owner.Locator("#credits-available")).ToContainTextAsync("180.00"); // pushed live

        await admin.Locator("div.mud-select:has(#credit-kind)").First.ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item:has-text('Adjust')").ClickAsync();
        await Expect(admin.Locator("label:has-text('Reason (required)')")).ToBeVisibleAsync();
        await admin.Locator("#credit-minutes").FillAsync("-170");
        await admin.Locator("#credit-reason").FillAsync("Refund of unused minutes");
        await admin.ClickAsync("#credit-submit");
        await admin.Locator(".mud-dialog button:has-text('Apply')").ClickAsync();
        await Expect(admin.Locator("#admin-available")).ToContainTextAsync("10.00");
        // The admin's ledger of the client, filtered to adjustments: the refund, not the initial grant.
        await admin.Locator("#client-credits .mud-select:has(#ledger-kind) .mud-input").First.ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item:has-text('Adjust')").ClickAsync();
        await Expect(admin.Locator("#client-credits .ledger-table")).ToContainTextAsync("Refund of unused minutes");
        await Expect(admin.Locator("#client-credits .ledger-table")).Not.ToContainTextAsync("Initial credit");
        await admin.ShotAsync("admin-client-credits");

        await Expect(owner.Locator("#low-balance")).ToContainTextAsync("Low balance");
        await Expect(owner.Locator(".ledger-table")).ToContainTextAsync("Refund of unused minutes");
        await owner.ShotAsync("client-credits");

        // The admin lowers the client's warning level below the 10 minutes left: the owner's warning goes, live.
        await admin.Locator("#threshold-minutes").FillAsync("5");
        await admin.Locator("#threshold-minutes").BlurAsync();
        await admin.ClickAsync("#threshold-save");
        await Expect(admin.Locator(".mud-snackbar:has-text('Warning level saved.')")).ToBeVisibleAsync();
        await Expect(admin.Locator("#client-credits")).Not.ToContainTextAsync("below warning level");
        await Expect(owner.Locator("#low-balance")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_owner_filters_the_ledger_by_campaign_and_days_and_sees_the_empty_state()
    {
        var ownerEmail = await app.NewClientOwnerAsync("Ledger Co");
        using var api = await app.ApiAsync(ownerEmail, BrowserApp.OwnerPassword);
        var clientId = Guid.Parse((await api.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("client_id").GetString()!);
        async Task<Guid> CampaignAsync(string name) => (await (await api.PostAsJsonAsync("/api/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = name, ["general_prompt"] = "Offer a free check.",
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (roofs, windows) = (await CampaignAsync("Spring roofs"), await CampaignAsync("Window cleaning"));

        // Entries on four days of the client's (New York) calendar, written by the ledger service as the dialer does.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var today = ClientDays.DayOf(DateTime.UtcNow, newYork);
        var clock = new SettableClock();
        var ledger = ActivatorUtilities.CreateInstance<CreditLedger>(app.Factory.Services, (TimeProvider)clock);
        void At(int daysAgo, int hour, int minute = 0) =>
            clock.Now = TimeZoneInfo.ConvertTimeToUtc(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(hour, minute)), newYork);
        At(10, 12);
        await ledger.GrantAsync(clientId, 120 * 60, 30m, "Opening credit", new(), default);
        At(6, 10);
        await ledger.PlaceCallHoldAsync(clientId, roofs, "roof-1", 300, default);
        At(6, 10, 2);
        await ledger.SettleCallAsync(clientId, "roof-1", "call_roof1", 95, default);
        At(2, 15);
        await ledger.PlaceCallHoldAsync(clientId, windows, "window-1", 300, default);
        At(2, 15, 4);
        await ledger.SettleCallAsync(clientId, "window-1", "call_window1", 200, default);
        At(1, 11);
        await ledger.AdjustAsync(clientId, -600, "Goodwill correction", new(), default);

        var owner = await app.NewPageAsync();
        await owner.SignInAsync(ownerEmail, BrowserApp.OwnerPassword);
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app");
        await owner.GotoAsync("/app/credits");
        await owner.WaitForInteractiveAsync();
        var rows = owner.Locator(".ledger-table tbody tr");
        await Expect(rows).ToHaveCountAsync(8);
        await Expect(owner.Locator(".ledger-table thead")).ToContainTextAsync("When (America/New_York)");

        await owner.Locator(".mud-select:has(#ledger-campaign) .mud-input").First.ClickAsync();
        await owner.Locator(".mud-popover-open .mud-list-item:has-text('Spring roofs')").ClickAsync();
        await Expect(rows).ToHaveCountAsync(3); // the call's hold, what it consumed, the hold returned
        await Expect(owner.Locator(".ledger-table")).ToContainTextAsync("call_roof1");
        await Expect(owner.Locator(".ledger-table")).Not.ToContainTextAsync("Opening credit");

        // The roof call was six days ago: from three days ago, nothing of it is left.
        await SetDayAsync(owner, "#ledger-from", today.AddDays(-3));
        await Expect(owner.Locator("#ledger-empty")).ToContainTextAsync("No entries match these filters");
        await Expect(rows).ToHaveCountAsync(0);
        await owner.SettledShotAsync("client-credits-ledger-empty");
        await owner.ClickAsync("#ledger-clear");
        await Expect(rows).ToHaveCountAsync(8);

        // Two days ago to yesterday: the window call and the correction, nothing older.
        await SetDayAsync(owner, "#ledger-from", today.AddDays(-2));
        await Expect(rows).ToHaveCountAsync(4);
        await SetDayAsync(owner, "#ledger-to", today.AddDays(-2));
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(owner.Locator(".ledger-table")).ToContainTextAsync("call_window1");
        await Expect(owner.Locator(".ledger-table")).Not.ToContainTextAsync("Goodwill correction");
        await owner.Mouse.MoveAsync(0, 0); // no hover left on the filters
        await owner.SettledShotAsync("client-credits-ledger-filtered");
    }

    /// <summary>Types a day into an editable date picker and leaves the field, which is when the picker takes it.</summary>
    private static async Task SetDayAsync(IPage page, string selector, DateOnly day)
    {
        var input = page.Locator(selector);
        await input.FillAsync(day.ToString("yyyy-MM-dd"));
        await input.BlurAsync();
        await Expect(input).ToHaveValueAsync(day.ToString("yyyy-MM-dd"));
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task The_admin_sees_the_simulator_badge_and_tests_the_retell_connection()
    {
        var admin = await AdminAsync();
        await Expect(admin.Locator("#simulated-badge")).ToContainTextAsync("Simulated calls");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await Expect(admin.Locator("#retell-mode")).ToHaveTextAsync("Simulator");
        await admin.ClickAsync("#retell-test");
        await Expect(admin.Locator("#retell-test-result")).ToContainTextAsync("Connected (Simulator). Concurrency: 0 of 20");
        await admin.ClickAsync("#twilio-test");
        await Expect(admin.Locator("#twilio-test-result")).ToContainTextAsync("Connected (Simulator): ConvoMono Twilio simulator.");
        await admin.ShotAsync("admin-integrations");
    }
}
