using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed class KnowledgeBaseFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_client_creates_a_knowledge_base_from_a_pasted_text_and_sees_it_reach_complete()
    {
        var owner = await app.NewPageAsync();
        await owner.SignInAsync(await app.NewClientOwnerAsync("Docs Co"), BrowserApp.OwnerPassword);
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app");
        await owner.WaitForInteractiveAsync();

        await owner.GetByRole(AriaRole.Link, new() { Name = "Knowledge bases" }).ClickAsync();
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app/knowledge-bases");
        await owner.WaitForInteractiveAsync();
        await Expect(owner.Locator("#kb-empty")).ToContainTextAsync("No knowledge bases yet");

        await owner.ClickAsync("#new-kb");
        await Expect(owner.Locator("#kb-limits")).ToContainTextAsync("10 MB each");
        await owner.Locator("#kb-name").FillAsync("Opening hours");
        await owner.ClickAsync("#kb-add-text");
        await owner.Locator("#kb-text-title-0").FillAsync("Hours");
        await owner.Locator("#kb-text-body-0").FillAsync("We are open from 9 to 5, Monday to Friday.");
        await owner.Locator("#kb-urls").FillAsync("https://example.com/hours");
        await owner.ShotAsync("client-new-knowledge-base");
        await owner.ClickAsync("#kb-create");

        var row = owner.Locator("#kb-table tbody tr", new() { HasText = "Opening hours" });
        await Expect(row).ToContainTextAsync("1 text, 1 URL");
        // The app's sync job polls the built-in Retell simulator, which finishes indexing after a few seconds; the page updates live.
        await Expect(row.Locator(".kb-status")).ToHaveTextAsync("Complete", new() { Timeout = 30_000 });
        await owner.ShotAsync("client-knowledge-bases");

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await owner.ClickAsync(".mud-dialog button:has-text('Delete')");
        await Expect(owner.Locator("#kb-empty")).ToBeVisibleAsync();
    }
}
