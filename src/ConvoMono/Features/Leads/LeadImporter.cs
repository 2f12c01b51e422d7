using System.Threading.Channels;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Phones;
using ConvoMono.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Sylvan.Data.Csv;

namespace ConvoMono.Features.Leads;

public sealed record LeadImportJob(Guid TenantId, Guid ImportId, string Path, string? PhoneColumn);

/// <summary>Imports a CSV file into a campaign, streaming: rows are read in batches, phone numbers normalised on every
/// core, duplicates and do-not-call numbers dropped against in-memory sets of integer keys, and valid leads written by a
/// second task (binary COPY / prepared inserts), one transaction per batch, while the next batch is parsed. A failed or
/// cancelled import deletes what it wrote, so it leaves nothing behind.</summary>
public sealed class LeadImporter(TenantDbFactory tenants, DncLookup dnc, IOptions<LeadsOptions> options, LiveNotifier live, LeadImportProgress progress,
    TimeProvider clock,
    ILogger<LeadImporter> log)
{
    public const string ChangedEvent = "lead_import.changed";

    public async Task RunAsync(LeadImportJob job, CancellationToken ct)
    {
        await using var db = tenants.For(job.TenantId);
        var import = await db.LeadImports.FirstAsync(i => i.Id == job.ImportId, ct);
        var tally = new ImportTally();
        try
        {
            var rejected = await ProcessAsync(db, import, job, tally, ct);
            if (tally.Imported == 0)
                throw new DomainException("leads.no_valid_rows", "No row could be imported: " + Describe(tally) + ".");
            import.Complete(tally, Now);
            db.LeadImportRejects.Add(new LeadImportRejects { ImportId = import.Id, TenantId = import.TenantId, CsvGzip = rejected });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is ImportCancelledException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            await UndoWritesAsync(db, import, CancellationToken.None);
            import.Cancelled(Now);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            await UndoWritesAsync(db, import, CancellationToken.None);
            import.Progress(tally, Now);
            import.Fail(e switch
            {
                DomainException d => d.Message,
                CsvRecordTooLargeException => $"Line {tally.RowsRead + 2} is longer than 1 MB; the file is not a usable CSV.",
                System.Text.DecoderFallbackException => $"Around line {tally.RowsRead + 2} the file is not valid text in its encoding. Save it as UTF-8.",
                _ => "The import failed unexpectedly; nothing was imported.",
            }, Now);
            if (e is not (DomainException or CsvRecordTooLargeException or System.Text.DecoderFallbackException))
                log.LogError(e, "Lead import {ImportId} failed", import.Id);
            await db.SaveChangesAsync(CancellationToken.None);
            if (e is DomainException) throw;
            if (e is CsvRecordTooLargeException or System.Text.DecoderFallbackException)
                throw new DomainException("leads.malformed_file", import.Error!, StatusCodes.Status400BadRequest, "file");
            throw;
        }
        finally
        {
            progress.Finish(import.Id);
            live.Publish(new LiveEvent(ChangedEvent, job.TenantId, new { import_id = import.Id, campaign_id = import.CampaignId, status = import.Status }));
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Describe(ImportTally tally) =>
        tally.RowsRead == 0 ? "the file has a header but no rows" : string.Join(", ", tally.Rejected.Select(r => $"{r.Value} {r.Key}"));

    private async Task<byte[]> ProcessAsync(AppDbContext db, LeadImport import, LeadImportJob job, ImportTally tally, CancellationToken ct)
    {
        var settings = options.Value;
        var campaign = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == import.CampaignId, ct);
        await using var file = new FileStream(job.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var head = new byte[CsvFileCheck.SniffBytes];
        var headLength = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var encoding = CsvFileCheck.EncodingOf(head.AsSpan(0, headLength));
        file.Position = CsvFileCheck.PreambleLength(encoding, head.AsSpan(0, headLength));
        using var text = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        await using var csv = await CsvFileCheck.ReaderAsync(text, ct);

        var headers = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToList();
        if (headers.Count > settings.MaxColumns)
            throw new DomainException("leads.too_many_columns", $"The file has {headers.Count} columns; at most {settings.MaxColumns} are accepted.",
                StatusCodes.Status400BadRequest, "file");
        var names = ColumnNames.Normalize(headers);
        var phoneIndex = ColumnNames.FindPhone(headers, names, job.PhoneColumn) ?? throw (job.PhoneColumn is null
            ? new DomainException("leads.no_phone_column", $"No phone column was found among: {string.Join(", ", headers)}. Name it \"phone\" or choose it with phone_column.",
                StatusCodes.Status400BadRequest, "phone_column")
            : new DomainException("leads.no_phone_column", $"There is no column \"{job.PhoneColumn}\" in the file (columns: {string.Join(", ", headers)}).",
                StatusCodes.Status400BadRequest, "phone_column"));
        import.Mapped(headers[phoneIndex], names, Now);
        await db.SaveChangesAsync(ct);

        var required = campaign.Variables.Where(v => string.IsNullOrEmpty(campaign.DefaultVariables.GetValueOrDefault(v)))
            .Select(v => (Name: v, Index: names.IndexOf(v))).ToArray();
        var existing = await KeysAsync(db.Leads.Where(l => l.CampaignId == campaign.Id).Select(l => l.PhoneNumber), ct);
        var blocked = await dnc.BlockedKeysAsync(import.TenantId, ct);
        // Sized from the file up front: growing a million-entry set doubles large arrays and forces full collections.
        var seen = new HashSet<long>(EstimateRows(import.FileBytes, head.AsSpan(0, headLength)));
        await using var rejects = new RejectedRowsWriter(headers);

        var batches = Channel.CreateBounded<(List<object?[]> Leads, ImportTally Snapshot)>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inserter = new BulkInserter<Lead>(db.Model, db.Database.IsSqlite());
        var writer = Task.Run(() => WriteAsync(db, import, inserter, batches.Reader, stop), CancellationToken.None);
        var rows = new List<(long Line, string[] Values)>(settings.BatchSize);
        var phones = new NormalizedPhone[settings.BatchSize];
        try
        {
            while (await csv.ReadAsync(stop.Token))
            {
                var values = new string[headers.Count];
                var blank = true;
                for (var i = 0; i < values.Length; i++)
                {
                    var field = i < csv.RowFieldCount ? csv.GetFieldSpan(i).Trim() : [];
                    values[i] = field.Length == 0 ? "" : field.ToString();
                    blank &= field.Length == 0;
                }
                if (blank) continue; // trailing empty lines are not rows
                tally.RowsRead++;
                rows.Add((csv.RowNumber + 1, values)); // the header is line 1
                if (rows.Count == settings.BatchSize) await FlushAsync();
            }
            if (rows.Count > 0) await FlushAsync();
            batches.Writer.Complete();
        }
        catch (Exception e)
        {
            batches.Writer.TryComplete(e);
            await stop.CancelAsync();
            Exception? writeError = null;
            try { await writer; }
            catch (Exception w) { writeError = w; }
            // The reader only sees "cancelled" when the writer stopped it: report why the writer stopped.
            if (e is OperationCanceledException && writeError is not null and not OperationCanceledException)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(writeError);
            throw;
        }
        await writer;
        return await rejects.FinishAsync();

        async Task FlushAsync()
        {
            var country = import.DefaultCountry;
            Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = stop.Token },
                i => phones[i] = PhoneNormalizer.Normalize(rows[i].Values[phoneIndex], country));
            var now = Now;
            var leads = new List<Lead>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var (line, values) = rows[i];
                var raw = values[phoneIndex];
                var phone = phones[i];
                var reason = raw.Length == 0 ? (RejectReason.MissingPhone, "no phone number")
                    : !phone.IsValid ? (RejectReason.InvalidPhone, phone.Error!)
                    : default;
                if (reason == default)
                {
                    var key = PhoneNormalizer.Key(phone.E164!);
                    if (!seen.Add(key)) reason = (RejectReason.DuplicateInFile, $"{phone.E164} appears earlier in the file");
                    else if (existing.Contains(key)) reason = (RejectReason.DuplicateInCampaign, $"{phone.E164} is already in the campaign");
                    else if (blocked.Contains(key)) reason = (RejectReason.DoNotCall, $"{phone.E164} is on a do-not-call list");
                    else if (required.FirstOrDefault(r => r.Index < 0 || values[r.Index].Length == 0) is { Name: not null } missing)
                        reason = (RejectReason.MissingVariable, $"no value for {{{{{missing.Name}}}}}");
                }
                if (reason != default)
                {
                    tally.Reject(reason.Item1, line, raw.Length == 0 ? null : raw, reason.Item2);
                    rejects.Write(line, reason.Item1, reason.Item2, values);
                    continue;
                }
                leads.Add(NewLead(import, phone, names, values, phoneIndex, line, now));
            }
            tally.Imported += leads.Count;
            tally.BytesRead = file.Position;
            rows.Clear();
            // Column values (JSON, converters) are computed here on every core, so the single writer only binds and writes.
            var columns = new object?[leads.Count][];
            Parallel.For(0, leads.Count, i => columns[i] = inserter.ValuesOf(leads[i]));
            await batches.Writer.WriteAsync((columns.ToList(), Snapshot(tally)), stop.Token);
        }
    }

    /// <summary>Rows in the file, from the average line length of its first block (capped: the set only needs a good start).</summary>
    private static int EstimateRows(long fileBytes, ReadOnlySpan<byte> head)
    {
        var lines = Math.Max(1, head.Count((byte)'\n'));
        return (int)Math.Clamp(fileBytes / Math.Max(1, head.Length / lines) + 16, 16, 5_000_000);
    }

    private static Lead NewLead(LeadImport import, NormalizedPhone phone, List<string> names, string[] values, int phoneIndex, long line, DateTime now)
    {
        var variables = new Dictionary<string, string>(values.Length);
        for (var c = 0; c < values.Length; c++)
            if (c != phoneIndex && values[c].Length > 0) variables[names[c]] = values[c];
        var zones = PhoneNormalizer.TimeZonesFor(phone.Parsed!);
        return new Lead
        {
            TenantId = import.TenantId, CampaignId = import.CampaignId, ImportId = import.Id, PhoneNumber = phone.E164!,
            TimeZone = zones[0], TimeZones = zones.Count > 1 ? string.Join(',', zones) : null, Variables = variables,
            SourceLine = (int)Math.Min(line, int.MaxValue), CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>The second task: one transaction per batch holding its leads and the import's progress; stops when the
    /// import is cancelled (checked between batches).</summary>
    private async Task WriteAsync(AppDbContext db, LeadImport import, BulkInserter<Lead> inserter,
        ChannelReader<(List<object?[]> Leads, ImportTally Snapshot)> batches, CancellationTokenSource stop)
    {
        await db.Database.OpenConnectionAsync(stop.Token);
        var sqlite = db.Database.IsSqlite();
        // SQLite: numbers arrive in file order, i.e. at random places in the unique (campaign, phone) index, so every commit
        // rewrites most of its pages; fewer, larger transactions and a page cache that holds the index keep that cheap.
        // The connection's settings are put back before it returns to the pool.
        var commitRows = sqlite ? options.Value.SqliteCommitRows : 0;
        if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=0;", stop.Token);
        IDbContextTransaction? tx = null;
        var uncommitted = 0;
        // Batches are small so their objects die young (cheap collections); PostgreSQL gets them in one COPY per ~20k rows.
        var writeRows = sqlite ? 1 : options.Value.PostgresCopyRows;
        var pending = new List<object?[]>();
        ImportTally? last = null;
        var lastPublished = DateTime.MinValue;
        try
        {
            await foreach (var (leads, snapshot) in batches.ReadAllAsync(stop.Token))
            {
                pending.AddRange(leads);
                last = snapshot;
                if (pending.Count >= writeRows) await WritePendingAsync(final: false);
            }
            if (last is not null) await WritePendingAsync(final: true);
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            if (tx is not null) await tx.DisposeAsync();
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-2000; PRAGMA wal_autocheckpoint=1000; PRAGMA wal_checkpoint(PASSIVE);", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }

        async Task WritePendingAsync(bool final)
        {
            if (await db.LeadImports.AsNoTracking().Where(i => i.Id == import.Id).Select(i => i.CancelRequested).FirstAsync(stop.Token))
                throw new ImportCancelledException();
            tx ??= await db.Database.BeginTransactionAsync(stop.Token);
            await inserter.InsertValuesAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), pending, stop.Token);
            uncommitted += pending.Count;
            pending.Clear();
            import.Progress(last!, Now);
            if (final || uncommitted >= commitRows)
            {
                await db.SaveChangesAsync(stop.Token);
                await tx.CommitAsync(stop.Token);
                await tx.DisposeAsync();
                (tx, uncommitted) = (null, 0);
            }
            progress.Report(import.Id, last!);
            if (!final && clock.GetUtcNow().UtcDateTime - lastPublished < TimeSpan.FromMilliseconds(250)) return;
            lastPublished = clock.GetUtcNow().UtcDateTime;
            live.Publish(new LiveEvent(ChangedEvent, import.TenantId, new
            {
                import_id = import.Id, campaign_id = import.CampaignId, status = import.Status, rows_read = last!.RowsRead,
                imported = last.Imported, rejected = last.RejectedTotal,
                progress = import.FileBytes > 0 ? Math.Min(1.0, (double)last.BytesRead / import.FileBytes) : 0,
            }));
        }
    }

    private static ImportTally Snapshot(ImportTally tally)
    {
        var copy = new ImportTally { RowsRead = tally.RowsRead, BytesRead = tally.BytesRead, Imported = tally.Imported };
        copy.CopyRejectionsFrom(tally);
        return copy;
    }

    private static async Task<HashSet<long>> KeysAsync(IQueryable<string> phones, CancellationToken ct)
    {
        var keys = new HashSet<long>();
        await foreach (var phone in phones.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
            if (phone.Length > 1) keys.Add(PhoneNormalizer.Key(phone));
        return keys;
    }

    private static async Task UndoWritesAsync(AppDbContext db, LeadImport import, CancellationToken ct) =>
        await db.Leads.Where(l => l.CampaignId == import.CampaignId && l.ImportId == import.Id).ExecuteDeleteAsync(ct);
}

public sealed class ImportCancelledException() : Exception("The import was cancelled.");
