using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics;

/// <summary>Which calls to export: one campaign or all, placed within a period (UTC).</summary>
public sealed record CallExportQuery : IValidatableObject
{
    [FromQuery(Name = "campaign_id")] public Guid? CampaignId { get; init; }
    [FromQuery(Name = "from")] public DateTime? From { get; init; }
    [FromQuery(Name = "to")] public DateTime? To { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context) => CallFilters.CheckRange(From, To);
}

/// <summary>The client's calls and leads as CSV, streamed row by row from the database (never held in memory), with
/// cells a spreadsheet would run as formulas escaped. Only what the client may see: no platform cost.</summary>
public sealed class ExportsHandler(IDbContextFactory<AppDbContext> dbs)
{
    private static readonly UTF8Encoding Utf8WithBom = new(true);

    public async Task<bool> CampaignExistsAsync(Guid campaignId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct);
    }

    /// <summary>One row per call, oldest first: its campaign, the number called, attempt, status, outcome, times,
    /// duration, billed seconds and amount, sentiment, success, Retell's summary, then one column per analysis field.</summary>
    public async Task WriteCallsAsync(CallExportQuery query, Stream body, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => query.CampaignId == null || c.Id == query.CampaignId)
            .Select(c => new { c.Id, c.Name, c.AnalysisFields }).ToListAsync(ct);
        var names = campaigns.ToDictionary(c => c.Id, c => c.Name);
        var fields = new[] { CampaignRetellSync.ConvertedField, CampaignRetellSync.DoNotCallField }
            .Concat(campaigns.SelectMany(c => c.AnalysisFields.Select(f => f.Name))).Distinct(StringComparer.Ordinal).ToList();

        var calls = db.Calls.AsNoTracking();
        if (query.CampaignId is { } campaign) calls = calls.Where(c => c.CampaignId == campaign);
        if (query.From is { } from) { var start = CallFilters.Utc(from); calls = calls.Where(c => c.CreatedAt >= start); }
        if (query.To is { } to) { var end = CallFilters.Utc(to); calls = calls.Where(c => c.CreatedAt < end); }

        await using var writer = new StreamWriter(body, Utf8WithBom, 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(CsvCell.Row(new[]
        {
            "call_id", "campaign_id", "campaign", "lead_id", "to_number", "attempt", "status", "outcome", "created_at", "started_at", "ended_at",
            "duration_seconds", "billed_seconds", "billed_amount", "currency", "sentiment", "successful", "summary", "disconnection_reason",
        }.Concat(fields.Select(f => CsvCell.Of("analysis." + f)))));
        var rows = 0;
        await foreach (var c in calls.OrderBy(c => c.Id).Select(c => new
                       {
                           c.Id, c.CampaignId, c.LeadId, c.ToNumber, c.Attempt, c.Status, c.Outcome, c.CreatedAt, c.StartedAt, c.EndedAt, c.DurationSeconds,
                           c.BilledSeconds, c.BilledAmount, c.Currency, c.Sentiment, c.Successful, c.Summary, c.DisconnectionReason, c.Analysis,
                       }).AsAsyncEnumerable().WithCancellation(ct))
        {
            await writer.WriteAsync(CsvCell.Row(new[]
            {
                c.Id.ToString(), c.CampaignId.ToString(), CsvCell.Of(names.GetValueOrDefault(c.CampaignId)), c.LeadId.ToString(), CsvCell.Phone(c.ToNumber),
                Number(c.Attempt), Snake(c.Status), c.Outcome is { } o ? Snake(o) : "", Time(c.CreatedAt), Time(c.StartedAt), Time(c.EndedAt),
                Number(c.DurationSeconds), Number(c.BilledSeconds), Amount(c.BilledAmount, c.Currency), c.Currency,
                CsvCell.Of(c.Sentiment), c.Successful is { } s ? (s ? "true" : "false") : "", CsvCell.Of(c.Summary), CsvCell.Of(c.DisconnectionReason),
            }.Concat(fields.Select(f => CsvCell.Of(c.Analysis.GetValueOrDefault(f)))))); 
            if (++rows % 1_000 == 0) await writer.FlushAsync(ct);
        }
    }

    /// <summary>One row per lead of a campaign: number, final (or current) status, attempts, last attempt and its
    /// outcome, time zone, then one column per variable found on the leads.</summary>
    public async Task WriteLeadsAsync(Guid campaignId, Stream body, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var leads = db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId);
        // The variable columns: the prompt's placeholders, then any other column the imports brought (a first pass).
        var variables = (await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => c.Variables).FirstAsync(ct)).ToList();
        var seen = new HashSet<string>(variables, StringComparer.Ordinal);
        await foreach (var values in leads.Select(l => l.Variables).AsAsyncEnumerable().WithCancellation(ct))
            foreach (var key in values.Keys)
                if (seen.Add(key)) variables.Add(key);
        var outcomes = new Dictionary<Guid, (int Attempt, CallOutcome? Outcome)>();
        await foreach (var call in db.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId).Select(c => new { c.LeadId, c.Attempt, c.Outcome })
                           .AsAsyncEnumerable().WithCancellation(ct))
            if (!outcomes.TryGetValue(call.LeadId, out var known) || known.Attempt < call.Attempt) outcomes[call.LeadId] = (call.Attempt, call.Outcome);

        await using var writer = new StreamWriter(body, Utf8WithBom, 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(CsvCell.Row(new[] { "phone_number", "status", "attempts", "last_attempt_at", "last_outcome", "time_zone" }
            .Concat(variables.Select(CsvCell.Of))));
        var rows = 0;
        await foreach (var l in leads.OrderBy(l => l.Id).Select(l => new { l.Id, l.PhoneNumber, l.Status, l.Attempts, l.LastAttemptAt, l.TimeZone, l.Variables })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var last = outcomes.TryGetValue(l.Id, out var o) && o.Outcome is { } outcome ? Snake(outcome) : "";
            await writer.WriteAsync(CsvCell.Row(new[]
            {
                CsvCell.Phone(l.PhoneNumber), Snake(l.Status), Number(l.Attempts), Time(l.LastAttemptAt), last, CsvCell.Of(l.TimeZone),
            }.Concat(variables.Select(v => CsvCell.Of(l.Variables.GetValueOrDefault(v))))));
            if (++rows % 1_000 == 0) await writer.FlushAsync(ct);
        }
    }

    private static string Snake<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string Amount(decimal? amount, string currency) => amount is { } a
        ? Credits.Pricing.Round(a, currency).ToString("F" + Credits.Pricing.MinorUnitDigits(currency), CultureInfo.InvariantCulture) : "";

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Time(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
