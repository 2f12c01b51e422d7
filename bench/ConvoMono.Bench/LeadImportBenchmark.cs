using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Phones;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Sylvan.Data.Csv;

namespace ConvoMono.Bench;

/// <summary>Lead import end to end (parse, normalise, dedupe, DNC check, persist) of a generated CSV: phone numbers in
/// mixed US formats plus four variable columns, 2% invalid and 2% duplicate rows. In the same run, two baselines: a
/// parse-and-normalise-only pass over the same file, and a bare bulk insert of the same number of leads.</summary>
public static class LeadImportBenchmark
{
    public static async Task RunAsync(string provider, string? connection, int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"convomono-bench-leads-{rows}.csv");
        if (!File.Exists(path)) Generate(path, rows);
        var size = new FileInfo(path).Length;
        Console.WriteLine($"lead import benchmark on {provider}: {rows:N0} rows, {size / 1024.0 / 1024.0:N1} MB, {Environment.ProcessorCount} cores");

        await using var factory = BenchApp.Create(provider, connection);
        using var admin = await BenchApp.AdminAsync(factory);
        var ownerEmail = $"owner-{Guid.NewGuid():N}@bench.local";
        var tenantId = await BenchApp.CreateClientAsync(admin, "Leads bench", ownerEmail);
        using var owner = factory.CreateClient();
        owner.DefaultRequestHeaders.Authorization = new("Bearer", await BenchApp.TokenAsync(owner, ownerEmail, "Owner-Passw0rd!"));

        var parse = ParseOnly(path);
        Console.WriteLine($"  {"parse + normalise only",-34} {parse.TotalSeconds,6:N2} s  {rows / parse.TotalSeconds,10:N0} rows/s");

        var bareCampaign = await CampaignAsync(owner);
        var bare = await BareInsertAsync(factory, tenantId, bareCampaign, rows);
        Console.WriteLine($"  {"bare bulk insert of the same rows",-34} {bare.TotalSeconds,6:N2} s  {rows / bare.TotalSeconds,10:N0} rows/s");

        var campaign = await CampaignAsync(owner);
        var importer = factory.Services.GetRequiredService<LeadImporter>();
        var dbs = factory.Services.GetRequiredService<TenantDbFactory>();
        Guid importId;
        await using (var db = dbs.For(tenantId))
        {
            var import = LeadImport.Start(campaign, "bench.csv", size, "US", null, DateTime.UtcNow);
            db.LeadImports.Add(import);
            await db.SaveChangesAsync();
            importId = import.Id;
        }
        GC.Collect();
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                try { await Task.Delay(20, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var pauseBefore = GC.GetTotalPauseDuration(); var gen2Before = GC.CollectionCount(2);
        var stopwatch = Stopwatch.StartNew();
        await importer.RunAsync(new LeadImportJob(tenantId, importId, path, null), CancellationToken.None);
        stopwatch.Stop();
        await sampling.CancelAsync();
        await sampler;
        Console.WriteLine($"gc pause {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:N2}s, gen2 {GC.CollectionCount(2) - gen2Before}");

        await using (var db = dbs.For(tenantId))
        {
            var done = await db.LeadImports.AsNoTracking().FirstAsync(i => i.Id == importId);
            var stored = await db.Leads.CountAsync(l => l.CampaignId == campaign);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine($"  {"import end to end",-34} {seconds,6:N2} s  {rows / seconds,10:N0} rows/s   status {done.Status}, " +
                              $"imported {done.Imported:N0} (stored {stored:N0}), rejected {done.RejectedTotal:N0}: " +
                              string.Join(", ", done.Rejected.Select(r => $"{r.Key} {r.Value:N0}")));
            Console.WriteLine($"  {"ratio to parse + normalise only",-34} {seconds / parse.TotalSeconds,6:N2} x");
            Console.WriteLine($"  {"ratio to bare bulk insert",-34} {seconds / bare.TotalSeconds,6:N2} x");
            Console.WriteLine($"  {"process working set",-34} {baseline / 1048576.0,6:N0} MB before, {peak / 1048576.0:N0} MB peak during the import " +
                              $"(+{(peak - baseline) / 1048576.0:N0} MB)");
        }
    }

    private static async Task<Guid> CampaignAsync(HttpClient owner)
    {
        var response = await owner.PostAsJsonAsync("/api/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = "Bench " + Guid.NewGuid().ToString("N")[..6], ["general_prompt"] = "Call {{first_name}} {{last_name}} of {{company}} in {{city}}.",
        });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static TimeSpan ParseOnly(string path)
    {
        var stopwatch = Stopwatch.StartNew();
        using var reader = CsvDataReader.Create(new StreamReader(path, Encoding.UTF8), new CsvDataReaderOptions { HasHeaders = true });
        var batch = new List<string>(20_000);
        var valid = 0;
        void Flush()
        {
            var results = new bool[batch.Count];
            Parallel.For(0, batch.Count, i => results[i] = PhoneNormalizer.Normalize(batch[i], "US") is { IsValid: true } n
                && PhoneNormalizer.TimeZonesFor(n.Parsed!).Count > 0);
            valid += results.Count(r => r);
            batch.Clear();
        }
        while (reader.Read())
        {
            batch.Add(reader.GetString(0));
            for (var i = 1; i < reader.FieldCount; i++) reader.GetString(i);
            if (batch.Count == 20_000) Flush();
        }
        Flush();
        return stopwatch.Elapsed;
    }

    private static async Task<TimeSpan> BareInsertAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, Guid tenantId, Guid campaign, int rows)
    {
        await using var db = factory.Services.GetRequiredService<TenantDbFactory>().For(tenantId);
        var inserter = new BulkInserter<ConvoMono.Features.Leads.Lead>(db.Model);
        await db.Database.OpenConnectionAsync();
        // Same transaction sizes as the importer: one per 250k rows on SQLite, one COPY per 20k rows on PostgreSQL.
        var perTransaction = db.Database.IsSqlite() ? 240_000 : 20_000;
        IDbContextTransaction? tx = null;
        var stopwatch = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += 20_000)
        {
            var now = DateTime.UtcNow;
            var batch = Enumerable.Range(start, Math.Min(20_000, rows - start)).Select(i => new ConvoMono.Features.Leads.Lead
            {
                TenantId = tenantId, CampaignId = campaign, PhoneNumber = "+1201" + i.ToString("D7"), TimeZone = "America/New_York",
                Variables = new() { ["first_name"] = "Ada", ["last_name"] = "Lovelace", ["company"] = "Acme", ["city"] = "Springfield" },
                SourceLine = i + 2, CreatedAt = now, UpdatedAt = now,
            }).ToList();
            tx ??= await db.Database.BeginTransactionAsync();
            await inserter.InsertAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), batch, CancellationToken.None);
            if ((start + 20_000) % perTransaction == 0 || start + 20_000 >= rows)
            {
                await tx.CommitAsync();
                await tx.DisposeAsync();
                tx = null;
            }
        }
        return stopwatch.Elapsed;
    }

    /// <summary>US numbers in four formats over many area codes and exchanges; every 50th row is invalid and every 50th
    /// (offset) repeats an earlier number, so 2% + 2% are rejected.</summary>
    private static void Generate(string path, int rows)
    {
        int[] areas = [201, 202, 212, 213, 305, 312, 404, 415, 512, 602, 617, 702, 713, 718, 801, 818, 917, 972];
        string[] first = ["Ada", "Grace", "Alan", "Linus", "Barbara", "Ken", "Margaret", "Dennis"];
        string[] last = ["Lovelace", "Hopper", "Turing", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie"];
        var random = new Random(42);
        var numbers = new List<string>(rows);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("Phone,First Name,Last Name,Company,City\n");
        for (var i = 0; i < rows; i++)
        {
            string phone;
            if (i % 50 == 7) phone = random.Next(2) == 0 ? "12345" : "n/a";
            else if (i % 50 == 31 && numbers.Count > 0) phone = numbers[random.Next(numbers.Count)];
            else
            {
                var area = areas[i % areas.Length];
                var exchange = 200 + (i / areas.Length) % 800;
                var line = (i / (areas.Length * 800)) % 10_000;
                var digits = $"{area}{exchange:D3}{line:D4}";
                phone = (i % 4) switch
                {
                    0 => $"({digits[..3]}) {digits[3..6]}-{digits[6..]}",
                    1 => $"{digits[..3]}.{digits[3..6]}.{digits[6..]}",
                    2 => $"+1 {digits[..3]} {digits[3..6]} {digits[6..]}",
                    _ => "1" + digits,
                };
                numbers.Add(phone);
            }
            writer.Write(phone.Contains(',') ? $"\"{phone}\"" : phone);
            writer.Write($",{first[random.Next(first.Length)]},{last[random.Next(last.Length)]},Company {random.Next(10_000)},City {random.Next(500)}\n");
        }
    }
}
