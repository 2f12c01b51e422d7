using System.IO.Compression;
using System.Net;
using System.Text;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Leads;

public sealed class LeadImportTests(TestApps apps)
{
    internal static MultipartFormDataContent Form(byte[] file, string fileName = "leads.csv", string? phoneColumn = null, string? country = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        if (phoneColumn is not null) form.Add(new StringContent(phoneColumn), "phone_column");
        if (country is not null) form.Add(new StringContent(country), "default_country");
        return form;
    }

    internal static MultipartFormDataContent Form(string csv, string fileName = "leads.csv", string? phoneColumn = null, string? country = null) =>
        Form(Encoding.UTF8.GetBytes(csv), fileName, phoneColumn, country);

    internal static async Task<CampaignDto> CampaignAsync(HttpClient owner, string prompt = "Hi {{first_name}} from {{company}}") =>
        await (await owner.PostJsonAsync("/api/v1/campaigns", new
        {
            name = "Leads " + Guid.NewGuid().ToString("N")[..6], general_prompt = prompt,
            default_variables = new Dictionary<string, string> { ["company"] = "Sunny" },
        })).ReadAsync<CampaignDto>();

    internal static async Task<List<LeadDto>> LeadsAsync(HttpClient owner, Guid campaignId, string query = "") =>
        (await (await owner.GetAsync($"/api/v1/campaigns/{campaignId}/leads?limit=500{query}")).ReadAsync<Page<LeadDto>>()).Data.ToList();

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_file_of_known_make_up_lands_at_exact_counts_per_reason(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var campaign = await CampaignAsync(tenant.Owner);
        await (await tenant.Owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import",
            Form("phone,first_name\n(201) 555-0100,Earlier\n"))).ReadAsync<LeadImportDto>();
        await using (var ctx = api.Factory.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id))
        {
            ctx.DncEntries.Add(new DncEntry { PhoneNumber = "+12015550109", CreatedAt = DateTime.UtcNow });
            ctx.PlatformDncEntries.Add(new PlatformDncEntry { PhoneNumber = "+1201555" + Random.Shared.Next(1000, 9999) is var p ? p : p, CreatedAt = DateTime.UtcNow });
            await ctx.SaveChangesAsync();
        }
        var platformBlocked = await PlatformBlockedAsync(api.Factory);

        var csv = new StringBuilder("Mobile Number,First Name,Last Name,Notes\n")
            .Append("(201) 555-0101,Ada,Lovelace,\"likes, commas\"\n")        // line 2 ok
            .Append("201.555.0102,Grace,Hopper,\n")                           // 3 ok
            .Append("+1 201 555 0103,Alan,Turing,=HYPERLINK(\"evil\")\n")     // 4 ok (the note is just a variable)
            .Append("12345,Bad,Number,\n")                                   // 5 invalid_phone
            .Append(",No,Phone,\n")                                          // 6 missing_phone
            .Append("2015550101,Ada,Again,\n")                               // 7 duplicate_in_file
            .Append("201-555-0100,Was,Here,\n")                              // 8 duplicate_in_campaign
            .Append("201 555 0109,Do,Not,\n")                                // 9 do_not_call (client list)
            .Append(platformBlocked + ",Plat,Form,\n")                       // 10 do_not_call (platform list)
            .Append("201 555 0110,,Nameless,=cmd|' /C calc'!A0\n")           // 11 missing_variable (first_name)
            .Append("\n");                                                   // a trailing blank line is not a row
        var response = await tenant.Owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", Form(csv.ToString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.ReadAsync<LeadImportDto>();

        Assert.Equal((LeadImportStatus.Completed, 10L, 3L, 7L, "Mobile Number"), (report.Status, report.RowsRead, report.Imported, report.RejectedTotal, report.PhoneColumn));
        Assert.Equal(new Dictionary<string, long>
        {
            ["invalid_phone"] = 1, ["missing_phone"] = 1, ["duplicate_in_file"] = 1, ["duplicate_in_campaign"] = 1, ["do_not_call"] = 2, ["missing_variable"] = 1,
        }, report.Rejected);
        Assert.Equal([5L, 6L, 7L, 8L, 9L, 10L, 11L], report.Samples.Select(s => s.Line).Order());
        Assert.Contains(report.Samples, s => s is { Reason: "missing_variable", Line: 11 } && s.Detail.Contains("{{first_name}}"));
        Assert.Equal(["mobile_number", "first_name", "last_name", "notes"], report.Columns);

        var leads = (await LeadsAsync(tenant.Owner, campaign.Id, $"&import_id={report.Id}")).OrderBy(l => l.SourceLine).ToList();
        Assert.Equal(["+12015550101", "+12015550102", "+12015550103"], leads.Select(l => l.PhoneNumber));
        Assert.Equal(new Dictionary<string, string> { ["first_name"] = "Ada", ["last_name"] = "Lovelace", ["notes"] = "likes, commas" }, leads[0].Variables);
        Assert.Equal(new Dictionary<string, string> { ["first_name"] = "Grace", ["last_name"] = "Hopper" }, leads[1].Variables);
        Assert.All(leads, l => Assert.Equal((LeadStatus.Pending, 0, "America/New_York"), (l.Status, l.Attempts, l.TimeZone)));
        Assert.Equal(4, (await LeadsAsync(tenant.Owner, campaign.Id)).Count);
        // Bulk-written rows compare like EF-written ones (ids and times are stored in EF's own formats).
        await using (var ctx = api.Factory.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id))
        {
            var lead = await ctx.Leads.AsNoTracking().SingleAsync(l => l.Id == leads[0].Id && l.CampaignId == campaign.Id && l.ImportId == report.Id);
            Assert.Equal(DateTimeKind.Utc, lead.CreatedAt.Kind);
            Assert.Equal(3, await ctx.Leads.CountAsync(l => l.ImportId == report.Id && l.CreatedAt >= report.CreatedAt && l.CreatedAt <= DateTime.UtcNow));
            Assert.Equal(3, await ctx.Leads.CountAsync(l => l.ImportId == report.Id && l.Status == LeadStatus.Pending && l.NextAttemptAt == null));
        }
        Assert.Single(await LeadsAsync(tenant.Owner, campaign.Id, "&search=555-0102"));

        // The rejected rows come back as CSV with line, reason and detail, formula cells defused.
        Assert.Equal($"/api/v1/campaigns/{campaign.Id}/leads/imports/{report.Id}/rejected.csv", report.RejectedCsvUrl);
        var rejected = await ReadRejectedAsync(tenant.Owner, report.RejectedCsvUrl!);
        var lines = rejected.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,reason,detail,Mobile Number,First Name,Last Name,Notes", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(8, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("11,missing_variable,") && l.EndsWith(",'=cmd|' /C calc'!A0"));
        Assert.Contains(lines, l => l.StartsWith("5,invalid_phone,"));
    }

    private static async Task<string> PlatformBlockedAsync(TestAppFactory app)
    {
        await using var ctx = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await ctx.PlatformDncEntries.OrderByDescending(e => e.Id).Select(e => e.PhoneNumber).FirstAsync();
    }

    internal static async Task<string> ReadRejectedAsync(HttpClient owner, string url)
    {
        var response = await owner.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            var inflated = new MemoryStream();
            await new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress).CopyToAsync(inflated);
            bytes = inflated.ToArray();
        }
        return Encoding.UTF8.GetString(bytes);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Delimiters_encodings_and_an_explicit_phone_column_and_country_are_honoured(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var campaign = await CampaignAsync(tenant.Owner, "Hello {{name}}");

        async Task<LeadImportDto> ImportAsync(MultipartFormDataContent form) =>
            await (await tenant.Owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", form)).ReadAsync<LeadImportDto>();

        var semicolon = await ImportAsync(Form("name;tel;other\nJosé;020 7946 0958;x\n", country: "GB"));
        Assert.Equal((1L, "tel", "GB"), (semicolon.Imported, semicolon.PhoneColumn, semicolon.DefaultCountry));
        var tab = await ImportAsync(Form([.. new byte[] { 0xEF, 0xBB, 0xBF }, .. Encoding.UTF8.GetBytes("name\tphone\nMüller\t030 901820\n")], country: "DE"));
        Assert.Equal(1L, tab.Imported);
        var utf16 = await ImportAsync(Form(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("name,work,home\r\nZoë,+33 1 42 68 53 00,(201) 555-0177\r\n")).ToArray(),
            phoneColumn: "home"));
        Assert.Equal((1L, "home"), (utf16.Imported, utf16.PhoneColumn));

        var leads = await LeadsAsync(tenant.Owner, campaign.Id);
        Assert.Equal(["+12015550177", "+442079460958", "+4930901820"], leads.Select(l => l.PhoneNumber).Order());
        Assert.Equal("José", leads.Single(l => l.PhoneNumber == "+442079460958").Variables["name"]);
        Assert.Equal("Europe/Berlin", leads.Single(l => l.PhoneNumber == "+4930901820").TimeZone);
        Assert.Equal("+33 1 42 68 53 00", leads.Single(l => l.PhoneNumber == "+12015550177").Variables["work"]);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Refused_files_get_a_clear_error_and_write_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var campaign = await CampaignAsync(tenant.Owner);
        var url = $"/api/v1/campaigns/{campaign.Id}/leads/import";

        async Task RefusedAsync(HttpContent form, int status, string code)
        {
            var problem = await (await tenant.Owner.PostAsync(url, form)).ProblemAsync(status);
            Assert.Equal(code, problem.Code());
        }

        await RefusedAsync(Form(""), 400, "leads.empty_file");
        await RefusedAsync(Form("name,email\nAda,ada@example.com\n"), 400, "leads.no_phone_column");
        await RefusedAsync(Form("name,phone\nAda,2015550100\n", phoneColumn: "fax"), 400, "leads.no_phone_column");
        await RefusedAsync(Form([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "leads.xlsx"), 400, "leads.not_csv");
        await RefusedAsync(Form([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10]), 400, "leads.not_csv");
        await RefusedAsync(Form([.. "name,phone\nJos"u8, 0xE9, .. ",2015550100\n"u8]), 400, "leads.unsupported_encoding");
        await RefusedAsync(Form("phone,first_name\n"), 422, "leads.no_valid_rows");
        await RefusedAsync(Form("phone,first_name\nnope,Ada\n,Bob\n"), 422, "leads.no_valid_rows");
        await RefusedAsync(Form("phone\n2015550100\n", country: "XX"), 400, "leads.invalid_country");
        await RefusedAsync(new StringContent("phone\n2015550100\n", Encoding.UTF8, "text/csv"), 415, "request.unsupported_media_type");
        await RefusedAsync(new MultipartFormDataContent { { new StringContent("US"), "default_country" } }, 400, "leads.no_file");
        await RefusedAsync(Form("phone," + string.Join(',', Enumerable.Range(0, 300).Select(i => "c" + i)) + "\n2015550100\n"), 400, "leads.too_many_columns");

        Assert.Empty(await LeadsAsync(tenant.Owner, campaign.Id));
        Assert.Empty((await (await tenant.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads/imports")).ReadAsync<Page<LeadImportDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Another_client_cannot_import_into_or_read_a_campaigns_leads(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var campaign = await CampaignAsync(a.Owner);
        var import = await (await a.Owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", Form("phone,first_name\n2015550100,Ada\n")))
            .ReadAsync<LeadImportDto>();

        await (await b.Owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", Form("phone,first_name\n2015550101,Bob\n"))).ProblemAsync(404);
        await (await b.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads")).ProblemAsync(404);
        await (await b.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads/imports")).ProblemAsync(404);
        await (await b.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads/imports/{import.Id}")).ProblemAsync(404);
        await (await b.Owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/imports/{import.Id}/undo", null)).ProblemAsync(404);
        await (await b.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads/imports/{import.Id}/rejected.csv")).ProblemAsync(404);
        var bCampaign = await CampaignAsync(b.Owner);
        await (await b.Owner.GetAsync($"/api/v1/campaigns/{bCampaign.Id}/leads/imports/{import.Id}")).ProblemAsync(404);
        Assert.Single(await LeadsAsync(a.Owner, campaign.Id));
    }
}
