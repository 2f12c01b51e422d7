using System.Net;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Features.Calls;
using ConvoMono.Tests.Features.Leads;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Analytics;

/// <summary>The client's CSV exports: what is in them, what is escaped, and what is not there.</summary>
public sealed class ExportTests(TestApps apps)
{
    private static readonly DateTime Monday = new(2026, 3, 9, 15, 0, 0, DateTimeKind.Utc);

    /// <summary>Rows of a CSV as written by the exports (quoted cells may hold commas, quotes and line breaks).</summary>
    private static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var ch = csv[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (ch == '\r') { }
            else if (ch == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; }
            else cell.Append(ch);
        }
        return rows;
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_calls_csv_has_each_call_its_analysis_and_no_platform_cost_with_formulas_escaped(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var campaign = await CallSeed.CampaignAsync(tenant.Owner, "Export me");
        var other = await CallSeed.CampaignAsync(tenant.Owner, "Not me");
        var converted = CallSeed.Analyzed(campaign.Id, Monday, c => c.Summary = "=HYPERLINK(\"http://evil.example\",\"click\")");
        var unanswered = CallSeed.Analyzed(campaign.Id, Monday.AddMinutes(5), c =>
        {
            (c.Outcome, c.Status, c.DurationSeconds, c.BilledSeconds, c.BilledAmount, c.Summary, c.Sentiment, c.Successful) =
                (CallOutcome.NoAnswer, CallStatus.Ended, 0, 0, 0m, null, null, null);
            c.Analysis = [];
        });
        await CallSeed.InsertAsync(api.Factory, tenant.Id, converted, unanswered, CallSeed.Analyzed(other.Id, Monday.AddMinutes(9)));

        var response = await tenant.Owner.GetAsync($"/api/v1/calls/export?campaign_id={campaign.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("calls.csv", response.Content.Headers.ContentDisposition?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        foreach (var platform in new[] { "retell_cost", "cost_breakdown", "profit", "margin", "0.1425", "elevenlabs" }) Assert.DoesNotContain(platform, text);
        var rows = Parse(text.TrimStart('\uFEFF'));
        var header = rows[0];
        Assert.Equal(3, rows.Count); // header and this campaign's two calls, oldest first
        string Cell(int row, string column) => rows[row][header.IndexOf(column)];
        Assert.Equal(converted.Id.ToString(), Cell(1, "call_id"));
        Assert.Equal(("Export me", "converted", "120", "0.50", "USD", "Positive", "true"), (Cell(1, "campaign"), Cell(1, "outcome"), Cell(1, "billed_seconds"),
            Cell(1, "billed_amount"), Cell(1, "currency"), Cell(1, "sentiment"), Cell(1, "successful")));
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"click\")", Cell(1, "summary")); // a spreadsheet shows it as text
        Assert.Equal("true", Cell(1, "analysis.converted"));
        Assert.Equal(("no_answer", "0", ""), (Cell(2, "outcome"), Cell(2, "billed_seconds"), Cell(2, "summary")));

        // All campaigns; a period; another client's campaign is 404 and its export of its own calls is empty.
        Assert.Equal(4, Parse(await (await tenant.Owner.GetAsync("/api/v1/calls/export")).Content.ReadAsStringAsync()).Count);
        Assert.Equal(3, Parse(await (await tenant.Owner.GetAsync("/api/v1/calls/export?from=2026-03-09T15:03:00Z")).Content.ReadAsStringAsync()).Count); // header + 2
        using var stranger = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Owner.GetAsync($"/api/v1/calls/export?campaign_id={campaign.Id}")).StatusCode);
        Assert.Single(Parse(await (await stranger.Owner.GetAsync("/api/v1/calls/export")).Content.ReadAsStringAsync()));
        await (await tenant.Owner.GetAsync("/api/v1/calls/export?from=2026-03-10&to=2026-03-09")).ProblemAsync(400);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_leads_csv_has_each_lead_its_final_status_last_outcome_and_variables(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var campaign = await CallSeed.CampaignAsync(tenant.Owner, "Leads out");
        var csv = "phone,first_name,note\n(201) 555-0101,Ann,=cmd|' /C calc'!A0\n(201) 555-0102,\"Bob, Jr.\",plain\n";
        var import = await (await tenant.Owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", LeadImportTests.Form(csv))).ReadAsync<LeadImportDto>();
        Assert.Equal(2, import.Imported);
        var leads = await (await tenant.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads")).ReadAsync<Page<LeadDto>>();
        var ann = leads.Data.Single(l => l.PhoneNumber == "+12015550101");
        await CallSeed.InsertAsync(api.Factory, tenant.Id,
            CallSeed.Analyzed(campaign.Id, Monday, c => (c.LeadId, c.Attempt, c.Outcome) = (ann.Id, 1, CallOutcome.NoAnswer)),
            CallSeed.Analyzed(campaign.Id, Monday.AddHours(1), c => (c.LeadId, c.Attempt, c.Outcome) = (ann.Id, 2, CallOutcome.Converted)));

        var response = await tenant.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        var header = rows[0];
        Assert.Equal(["phone_number", "status", "attempts", "last_attempt_at", "last_outcome", "time_zone"], header.Take(6));
        Assert.Contains("first_name", header);
        Assert.Contains("note", header);
        var annRow = rows.Single(r => r[0] == "+12015550101");
        var bobRow = rows.Single(r => r[0] == "+12015550102");
        Assert.Equal("converted", annRow[header.IndexOf("last_outcome")]);
        Assert.Equal("'=cmd|' /C calc'!A0", annRow[header.IndexOf("note")]);
        Assert.Equal(("Bob, Jr.", "pending", ""), (bobRow[header.IndexOf("first_name")], bobRow[1], bobRow[header.IndexOf("last_outcome")]));

        using var stranger = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads/export")).StatusCode);
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads/export")).StatusCode);
    }
}
