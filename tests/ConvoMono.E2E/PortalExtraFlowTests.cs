using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

/// <summary>The account flows around the portal: the team, a password change and sign-out, revoking an API key,
/// suspending a client, the lockout after wrong passwords, the dark theme and the admin dashboard's counts.</summary>
public sealed class PortalExtraFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string MemberPassword = "Member-Passw0rd!";
    private const string NewPassword = "Changed-Passw0rd2";
    private const string WrongCredentials = "The email or password is wrong.";

    [Fact]
    public async Task Owner_adds_a_team_member_who_signs_in_then_removes_them_after_confirming_and_the_member_is_refused()
    {
        var ownerEmail = await app.NewClientOwnerAsync("Team Co");
        var owner = await SignedInAsync(ownerEmail, BrowserApp.OwnerPassword, "/app");
        await owner.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app/team");
        var memberEmail = $"member-{Guid.NewGuid():N}@e2e.local";
        await owner.Locator("#member-email").FillAsync(memberEmail);
        await owner.Locator("#member-password").FillAsync(MemberPassword);
        await owner.ClickAsync("#add-member");
        await Expect(owner.Locator(".mud-snackbar", new() { HasText = $"{memberEmail} was added." })).ToBeVisibleAsync();
        var row = owner.Locator("#team-table tbody tr", new() { HasText = memberEmail });
        await Expect(row).ToContainTextAsync("Member");
        await Expect(row).ToContainTextAsync("never");
        await Expect(owner.Locator("#team-table tbody tr")).ToHaveCountAsync(2);
        await owner.SettledShotAsync("team-member-added");

        var member = await SignedInAsync(memberEmail, MemberPassword, "/app");
        await Expect(member.Locator("#user-menu")).ToContainTextAsync(memberEmail);

        // Cancelling the confirmation leaves the member on the team.
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        var dialog = owner.Locator(".mud-dialog", new() { HasText = "Remove team member?" });
        await Expect(dialog).ToContainTextAsync($"{memberEmail} will lose access immediately.");
        await owner.SettledShotAsync("team-remove-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row).ToHaveCountAsync(1);

        await row.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(owner.Locator(".mud-snackbar", new() { HasText = $"{memberEmail} was removed." })).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(owner.Locator("#team-table tbody tr")).ToHaveCountAsync(1);
        await Expect(owner.Locator("#team-table")).ToContainTextAsync(ownerEmail);

        // The member's open page makes no request of its own: the circuit's account check (every 2 s in these tests)
        // signs it out and it lands on sign-in with the reason; the password no longer signs in.
        await Expect(member).ToHaveURLAsync(new Regex("/signin\\?error=auth.account_removed"), new() { Timeout = 20_000 });
        await Expect(member.Locator("#signin-error")).ToHaveTextAsync("This account no longer exists.");
        await member.SignInAsync(memberEmail, MemberPassword);
        await Expect(member.Locator("#signin-error")).ToHaveTextAsync(WrongCredentials);
        await member.SettledShotAsync("signin-removed-member");
        await member.GotoAsync("/app");
        await Expect(member).ToHaveURLAsync(new Regex("/signin"));
    }

    [Fact]
    public async Task A_user_changes_their_password_on_the_profile_page_signs_out_and_only_the_new_password_signs_in()
    {
        var email = await app.NewClientOwnerAsync("Password Co");
        var page = await SignedInAsync(email, BrowserApp.OwnerPassword, "/app");
        await page.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/profile");
        await Expect(page.GetByText("Signed in as")).ToContainTextAsync(email);
        var current = page.GetByLabel("Current password", new() { Exact = true });
        var next = page.GetByLabel("New password", new() { Exact = true });
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Change password" });

        await current.FillAsync("Not-the-Passw0rd");
        await next.FillAsync(NewPassword);
        await submit.ClickAsync();
        await Expect(page.GetByText("The current password is wrong.")).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Your password was changed." })).ToHaveCountAsync(0);
        await page.SettledShotAsync("profile-wrong-password");

        await current.FillAsync(BrowserApp.OwnerPassword);
        // Leaving the field sends its new value; the server's verdict on the old one goes with it. Waiting for that makes
        // sure the submit carries the new value (a click in the same instant as the change raced it once under load).
        await current.PressAsync("Tab");
        await Expect(page.GetByText("The current password is wrong.")).ToHaveCountAsync(0);
        await submit.ClickAsync();
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Your password was changed." })).ToBeVisibleAsync();
        await Expect(page.GetByText("The current password is wrong.")).ToHaveCountAsync(0);
        await Expect(current).ToHaveValueAsync(""); // the form starts over
        await page.SettledShotAsync("profile-password-changed");

        await page.Locator("#user-menu").ClickAsync();
        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await Expect(signOut).ToBeVisibleAsync();
        await Expect(page.GetByText("Client owner", new() { Exact = true })).ToBeVisibleAsync();
        await page.SettledShotAsync("account-menu");
        await signOut.ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/signin");
        await page.GotoAsync("/app/profile");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?"));

        await page.SignInAsync(email, BrowserApp.OwnerPassword);
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync(WrongCredentials);
        await page.SignInAsync(email, NewPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
    }

    [Fact]
    public async Task Owner_revokes_an_api_key_after_confirming_and_the_key_is_refused_by_the_api()
    {
        var owner = await SignedInAsync(await app.NewClientOwnerAsync("Revoke Co"), BrowserApp.OwnerPassword, "/app");
        await owner.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app/api-keys");
        var oldKey = await CreateKeyAsync(owner, "Old CRM");
        var otherKey = await CreateKeyAsync(owner, "Zapier");
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(oldKey));

        var row = owner.Locator("#keys-table tbody tr", new() { HasText = "Old CRM" });
        await Expect(row).ToContainTextAsync("Active");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        var dialog = owner.Locator(".mud-dialog", new() { HasText = "Revoke API key?" });
        await Expect(dialog).ToContainTextAsync("Systems using \"Old CRM\" will be refused from now on.");
        await owner.SettledShotAsync("api-key-revoke-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row).ToContainTextAsync("Active");
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(oldKey));

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(owner.Locator(".mud-snackbar", new() { HasText = "\"Old CRM\" was revoked." })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        var otherRow = owner.Locator("#keys-table tbody tr", new() { HasText = "Zapier" });
        await Expect(otherRow).ToContainTextAsync("Active");
        await owner.SettledShotAsync("api-key-revoked");

        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(oldKey));
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(otherKey));
    }

    [Fact]
    public async Task Admin_suspends_a_client_after_confirming_its_owner_is_refused_then_reactivates_and_the_owner_signs_in()
    {
        var ownerEmail = await app.NewClientOwnerAsync("Paused Co");
        string clientId;
        using (var api = await app.ApiAsync(ownerEmail, BrowserApp.OwnerPassword))
            clientId = (await api.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("client_id").GetString()!;
        var owner = await SignedInAsync(ownerEmail, BrowserApp.OwnerPassword, "/app");
        var admin = await SignedInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword, "/admin");
        await admin.GotoAsync($"/admin/clients/{clientId}");
        await admin.WaitForInteractiveAsync();
        var status = admin.Locator(".status-chip");
        await Expect(status).ToHaveTextAsync("Active");

        await admin.Locator("#suspend").ClickAsync();
        var suspend = admin.Locator(".mud-dialog", new() { HasText = "Suspend client?" });
        await Expect(suspend).ToContainTextAsync("users and API keys will be refused until you reactivate it.");
        await admin.SettledShotAsync("admin-suspend-dialog");
        await suspend.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(suspend).ToHaveCountAsync(0);
        await Expect(status).ToHaveTextAsync("Active");

        await admin.Locator("#suspend").ClickAsync();
        await suspend.GetByRole(AriaRole.Button, new() { Name = "Suspend", Exact = true }).ClickAsync();
        await Expect(status).ToHaveTextAsync("Suspended");
        await Expect(admin.Locator(".mud-snackbar", new() { HasText = "Client suspended." })).ToBeVisibleAsync();
        await Expect(admin.Locator("#reactivate")).ToBeVisibleAsync();
        await Expect(admin.Locator("#audit-table")).ToContainTextAsync("client.suspended");
        await admin.SettledShotAsync("admin-client-suspended");

        // The owner's open portal page goes to sign-in without a reload (the suspension is pushed live; the circuit's
        // account check would also catch it), and signing in again is refused.
        await Expect(owner).ToHaveURLAsync(new Regex("/signin\\?error=client.suspended"), new() { Timeout = 20_000 });
        await Expect(owner.Locator("#signin-error")).ToHaveTextAsync("This client account is suspended. Contact your platform operator.");
        await owner.SignInAsync(ownerEmail, BrowserApp.OwnerPassword);
        await Expect(owner.Locator("#signin-error")).ToHaveTextAsync("This client account is suspended. Contact your platform operator.");
        await Expect(owner).ToHaveURLAsync(new Regex("/signin\\?error=client.suspended"));
        await owner.SettledShotAsync("signin-client-suspended");

        await admin.Locator("#reactivate").ClickAsync();
        var reactivate = admin.Locator(".mud-dialog", new() { HasText = "Reactivate client?" });
        await Expect(reactivate).ToContainTextAsync("users and API keys will work again.");
        await reactivate.GetByRole(AriaRole.Button, new() { Name = "Reactivate", Exact = true }).ClickAsync();
        await Expect(status).ToHaveTextAsync("Active");
        await Expect(admin.Locator("#suspend")).ToBeVisibleAsync();
        await Expect(admin.Locator("#audit-table")).ToContainTextAsync("client.reactivated");

        await owner.SignInAsync(ownerEmail, BrowserApp.OwnerPassword);
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app");
        await owner.WaitForInteractiveAsync();
        await Expect(owner.Locator("#user-menu")).ToContainTextAsync(ownerEmail);
    }

    [Fact]
    public async Task Five_wrong_passwords_in_a_row_lock_the_account_and_sign_in_shows_the_lockout_message()
    {
        const string lockedOut = "Too many failed sign-ins. This account is locked for a few minutes; try again later.";
        var email = await app.NewClientOwnerAsync("Locked Co");
        var page = await app.NewPageAsync();
        // Identity locks an account at its fifth failed password in a row (AuthModule: MaxFailedAccessAttempts = 5).
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await page.SignInAsync(email, $"Wrong-Passw0rd{attempt}");
            await Expect(page.Locator("#signin-error")).ToHaveTextAsync(WrongCredentials);
        }
        await page.SignInAsync(email, "Wrong-Passw0rd5");
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync(lockedOut);
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?error=auth.locked_out"));
        await page.SettledShotAsync("signin-locked-out");

        // Locked means the right password is refused too.
        await page.SignInAsync(email, BrowserApp.OwnerPassword);
        await Expect(page.Locator("#signin-error")).ToHaveTextAsync(lockedOut);
        await page.GotoAsync("/app");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?"));
    }

    [Fact]
    public async Task The_theme_toggle_switches_the_portal_to_dark_and_back()
    {
        var page = await SignedInAsync(await app.NewClientOwnerAsync("Night Co"), BrowserApp.OwnerPassword, "/app");
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" });
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
        await ExpectBackgroundAsync(page, dark: false);

        await toggle.ClickAsync();
        await ExpectBackgroundAsync(page, dark: true);
        await page.SettledShotAsync("portal-dark");

        // The choice holds while the user moves around the portal.
        await page.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/team");
        await Expect(page.Locator("#team-table")).ToBeVisibleAsync();
        await ExpectBackgroundAsync(page, dark: true);

        // And across a reload: the browser remembers it.
        await page.ReloadAsync();
        await ExpectBackgroundAsync(page, dark: true);

        await toggle.ClickAsync();
        await ExpectBackgroundAsync(page, dark: false);
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await ExpectBackgroundAsync(page, dark: false);
    }

    [Fact]
    public async Task The_admin_dashboard_counts_the_clients_the_active_clients_and_the_users_and_follows_changes_live()
    {
        // Exact counts need a database of our own: the other tests of this class add clients to theirs.
        await using var fresh = new BrowserApp();
        await fresh.InitializeAsync();
        var owners = new List<string>();
        for (var i = 0; i < 3; i++) owners.Add(await fresh.NewClientOwnerAsync("Counted Co"));
        using (var owner = await fresh.ApiAsync(owners[0], BrowserApp.OwnerPassword))
        {
            (await owner.PostAsJsonAsync("/api/v1/users", new { email = $"member-{Guid.NewGuid():N}@e2e.local", password = MemberPassword }))
                .EnsureSuccessStatusCode();
        }
        string suspendedId;
        using (var owner = await fresh.ApiAsync(owners[1], BrowserApp.OwnerPassword))
            suspendedId = (await owner.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("client_id").GetString()!;
        using var admin = await fresh.ApiAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        (await admin.PatchAsJsonAsync($"/api/v1/admin/clients/{suspendedId}", new { status = "suspended" })).EnsureSuccessStatusCode();

        var page = await fresh.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(fresh.BaseUrl + "/admin");
        await page.WaitForInteractiveAsync();
        // Users: the platform admin, three owners and one member.
        await Expect(page.Locator("#stat-clients .stat-value")).ToHaveTextAsync("3");
        await Expect(page.Locator("#stat-active .stat-value")).ToHaveTextAsync("2");
        await Expect(page.Locator("#stat-users .stat-value")).ToHaveTextAsync("5");
        await page.SettledShotAsync("admin-dashboard-counts");

        await fresh.NewClientOwnerAsync("Late Co");
        await Expect(page.Locator("#stat-clients .stat-value")).ToHaveTextAsync("4");
        await Expect(page.Locator("#stat-active .stat-value")).ToHaveTextAsync("3");
        await Expect(page.Locator("#stat-users .stat-value")).ToHaveTextAsync("6");
        (await admin.PatchAsJsonAsync($"/api/v1/admin/clients/{suspendedId}", new { status = "active" })).EnsureSuccessStatusCode();
        await Expect(page.Locator("#stat-active .stat-value")).ToHaveTextAsync("4");
        await Expect(page.Locator("#stat-clients .stat-value")).ToHaveTextAsync("4");
    }

    private async Task<IPage> SignedInAsync(string email, string password, string home)
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(email, password);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + home);
        await page.WaitForInteractiveAsync();
        return page;
    }

    /// <summary>Creates a key on the open API keys page and returns its secret, shown once.</summary>
    private static async Task<string> CreateKeyAsync(IPage owner, string name)
    {
        await owner.Locator("#key-name").FillAsync(name);
        await owner.ClickAsync("#create-key");
        await Expect(owner.Locator("#new-key-alert")).ToContainTextAsync(name);
        await Expect(owner.Locator("#keys-table")).ToContainTextAsync(name);
        var secret = (await owner.Locator("#new-key-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("cm_live_", secret);
        return secret;
    }

    private async Task<HttpStatusCode> MeStatusAsync(string apiKey)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        using var response = await http.GetAsync("/api/v1/me");
        return response.StatusCode;
    }

    /// <summary>A screenshot once the fades and slides of dialogs, menus and snackbars have ended, as the user sees them.</summary>
    /// <summary>Waits until the page's background (MudBlazor paints it from the active palette) is dark or light.</summary>
    private static Task ExpectBackgroundAsync(IPage page, bool dark) => page.WaitForFunctionAsync("""
        dark => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
            return (0.2126 * r + 0.7152 * g + 0.0722 * b < 128) === dark;
        }
        """, dark);
}
