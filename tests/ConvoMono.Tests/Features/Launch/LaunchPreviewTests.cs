using System.Net.Http.Headers;
using ConvoMono.Features.Auth;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Features.Launch;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Features.Leads;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ConvoMono.Tests.Features.Launch;

public sealed class LaunchPreviewTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_preview_counts_leads_by_reason_estimates_credit_and_names_what_blocks_a_launch(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(); // New York client, no credit, no number
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 21, 30, 0, TimeSpan.Zero)); // Monday
        await using var host = api.Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock))));
        using var owner = host.CreateClient();
        var token = await (await owner.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = TestApi.Password })).ReadAsync<IssueTokenResponse>();
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);

        var campaign = await LeadImportTests.CampaignAsync(owner);
        await (await owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", LeadImportTests.Form(
            "phone,first_name\n(201) 555-0101,A\n(201) 555-0102,B\n(201) 555-0103,C\n(415) 555-0104,D\n(415) 555-0105,E\n+44 20 7946 0958,F\n")))
            .ReadAsync<LeadImportDto>();
        await using (var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id))
        {
            ctx.DncEntries.Add(new DncEntry { PhoneNumber = "+12015550101", CreatedAt = DateTime.UtcNow }); // added after the import
            await ctx.SaveChangesAsync();
            await ctx.Leads.Where(l => l.PhoneNumber == "+12015550102").ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, LeadStatus.Converted));
        }

        var preview = await (await owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/launch-preview")).ReadAsync<LaunchPreviewDto>();
        // 21:30 UTC: 16:30 in New York and 13:30 in Los Angeles (open), 21:30 in London (closed until tomorrow).
        Assert.Equal((6L, 3L, 1L), (preview.LeadsTotal, preview.LeadsToCall, preview.LeadsLater));
        Assert.Equal(new LaunchSkipped(1, 1, 1), preview.Skipped);
        Assert.Equal((120, 480L, 8m, 0L, false), (preview.EstimatedSecondsPerCall, preview.CreditToReserveSeconds, preview.CreditToReserveMinutes,
            preview.AvailableSeconds, preview.CreditSufficient));
        Assert.Null(preview.PhoneNumber);
        Assert.Equal(new DateTime(2026, 11, 23, 21, 32, 0, DateTimeKind.Utc), preview.ExpectedFinishAt); // 4 calls × 150 s ÷ 5
        Assert.Equal(["campaign.no_phone_number", "credits.insufficient"], preview.Problems.Select(p => p.Code).Order());

        using var stranger = await api.NewTenantAsync();
        await (await stranger.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/launch-preview")).ProblemAsync(404);
    }
}
