using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Phones;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConvoMono.Tests.Features.DoNotCall;

public sealed class DncImportTests(TestApps apps)
{
    public static MultipartFormDataContent Upload(byte[] content, string fileName = "dnc.csv", string? defaultCountry = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        if (defaultCountry is not null) form.Add(new StringContent(defaultCountry), "default_country");
        return form;
    }

    public static MultipartFormDataContent Upload(string text, string? defaultCountry = null) => Upload(Encoding.UTF8.GetBytes(text), defaultCountry: defaultCountry);

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_file_of_5000_numbers_reports_added_already_listed_duplicates_and_invalid(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var numbers = DncNumbers.ManyUs(5000);
        foreach (var listed in numbers.Take(3))
            (await tenant.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = listed })).EnsureSuccessStatusCode();

        var csv = new StringBuilder("name,Phone Number,notes\n");
        for (var i = 0; i < numbers.Count; i++)
            csv.Append($"Lead {i},\"{(i % 2 == 0 ? DncNumbers.National(numbers[i]) : numbers[i])}\",x\n");
        csv.Append("Dup,").Append(numbers[10]).Append(",x\n");
        csv.Append("Bad,12345,x\n");
        csv.Append("\n");
        csv.Append("Premium,+1 900 555 0100,x\n");

        var report = await (await tenant.Owner.PostAsync("/api/v1/dnc/import", Upload(csv.ToString()))).ReadAsync<DncImportReport>();
        Assert.Equal((4997, 3, 1, 2), (report.Added, report.AlreadyListed, report.DuplicatesInFile, report.Invalid));
        Assert.Equal([(5003, "12345"), (5005, "+1 900 555 0100")], report.Samples.Select(s => (s.Line, s.Value)));
        Assert.All(report.Samples, s => Assert.False(string.IsNullOrEmpty(s.Error)));

        var all = new List<DncEntryDto>();
        string? cursor = null;
        do
        {
            var page = await (await tenant.Owner.GetAsync($"/api/v1/dnc?limit=500{(cursor is null ? "" : "&cursor=" + cursor)}")).ReadAsync<Page<DncEntryDto>>();
            all.AddRange(page.Data);
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(numbers.Order(), all.Select(e => e.PhoneNumber).Order());
        Assert.Equal(4997, all.Count(e => e.Source == DncSource.Import));

        // Importing the same file again adds nothing.
        var again = await (await tenant.Owner.PostAsync("/api/v1/dnc/import", Upload(csv.ToString()))).ReadAsync<DncImportReport>();
        Assert.Equal((0, 5000), (again.Added, again.AlreadyListed));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task One_number_per_line_without_header_uses_the_clients_country_or_the_forms(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();

        var report = await (await tenant.Owner.PostAsync("/api/v1/dnc/import", Upload("(415) 555-2671\r\n+49 30 901820\r\nnope\r\n"))).ReadAsync<DncImportReport>();
        Assert.Equal((2, 1), (report.Added, report.Invalid));
        Assert.Equal(3, Assert.Single(report.Samples).Line);
        var uk = await (await tenant.Owner.PostAsync("/api/v1/dnc/import", Upload("phone\n020 7946 0958\n", defaultCountry: "GB"))).ReadAsync<DncImportReport>();
        Assert.Equal(1, uk.Added);
        var listed = (await (await tenant.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data.Select(e => e.PhoneNumber);
        Assert.Equal(["+14155552671", "+442079460958", "+4930901820"], listed.Order());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Bad_files_are_refused_and_change_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();

        async Task<string> RefusedAsync(HttpContent body, int status) =>
            (await (await tenant.Owner.PostAsync("/api/v1/dnc/import", body)).ProblemAsync(status)).Code();

        Assert.Equal("dnc.empty_file", await RefusedAsync(Upload([]), 400));
        Assert.Equal("dnc.empty_file", await RefusedAsync(Upload("\n\n  \n"), 400));
        Assert.Equal("dnc.binary_file", await RefusedAsync(Upload([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]), 400));
        Assert.Equal("dnc.not_utf8", await RefusedAsync(Upload([.. Encoding.UTF8.GetBytes("+14155552671\n"), 0xFF, 0xFE, 0x41]), 400));
        Assert.Equal("dnc.no_phone_column", await RefusedAsync(Upload("name,email\n4155552671,a@b.c\n"), 400));
        Assert.Equal("dnc.invalid_upload", await RefusedAsync(Upload("+14155552671\n", defaultCountry: "USA"), 400));
        Assert.Equal("request.unsupported_media_type", await RefusedAsync(new StringContent("+14155552671"), 415));
        Assert.Equal("dnc.file_too_large", await RefusedAsync(Upload(new byte[DncFile.MaxBytes + 1]), 413));

        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_batch_insert_writes_a_thousand_rows_per_command(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var keys = DncNumbers.ManyUs(5000).Select(PhoneNormalizer.Key).ToList();
        var counter = new InsertCounter();
        var options = new DbContextOptionsBuilder<AppDbContext>(api.Factory.Services.GetRequiredService<DbContextOptions<AppDbContext>>())
            .AddInterceptors(counter).Options;
        var tenantContext = new TenantContext();
        tenantContext.SetTenant(tenant.Id, "test");
        await using (var context = AppDbContextFactory.Create(options, api.Factory.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value, tenantContext))
        {
            Assert.Equal(5000, await DncBatchInsert.InsertAsync(context, tenant.Id, keys, DncSource.Import, DateTime.UtcNow, default));
            Assert.Equal(0, await DncBatchInsert.InsertAsync(context, tenant.Id, keys[..10], DncSource.Import, DateTime.UtcNow, default));
        }
        Assert.Equal(6, counter.Inserts);
        var first = (await (await tenant.Owner.GetAsync("/api/v1/dnc?limit=1")).ReadAsync<Page<DncEntryDto>>()).Data[0];
        Assert.Equal(DncSource.Import, first.Source);
    }

    private sealed class InsertCounter : DbCommandInterceptor
    {
        public int Inserts;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken ct = default)
        {
            if (command.CommandText.StartsWith("INSERT INTO dnc_entries", StringComparison.Ordinal)) Interlocked.Increment(ref Inserts);
            return base.NonQueryExecutingAsync(command, eventData, result, ct);
        }
    }
}
