using System.Text.Json;
using System.Text.Json.Nodes;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Voice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics.Ops;

/// <summary>One UTC day (default: yesterday, the last complete day).</summary>
public sealed record ReconciliationQuery
{
    [FromQuery(Name = "day")] public DateOnly? Day { get; init; }
}

/// <summary>One side's calls that started that day and what they cost (US dollars). <see cref="WithoutCost"/>: calls
/// with no cost reported (still live, or the report never arrived).</summary>
public sealed record ReconciliationSideDto(int Calls, decimal Cost, int WithoutCost);

/// <summary>A difference. <see cref="Kind"/>: <c>missing_here</c> (Retell has the call, we don't), <c>missing_at_retell</c>
/// (we have it, Retell doesn't) or <c>cost_mismatch</c> (both have it; costs differ by more than
/// <see cref="ReconciliationHandler.Tolerance"/>, or one side has no cost). Client and campaign come from our call, or for
/// a call we don't have, from the ids in Retell's metadata.</summary>
public sealed record ReconciliationItemDto(string Kind, string? RetellCallId, Guid? CallId, Guid? ClientId, string? ClientName, Guid? CampaignId,
    string? CampaignName, DateTime? StartedAt, string? RetellStatus, decimal? OurCost, decimal? RetellCost, decimal? Difference);

/// <summary>Our recorded Retell cost of each call that started on <see cref="Day"/> (UTC) against Retell's own call list.
/// <see cref="Difference"/> is Retell's total minus ours.</summary>
public sealed record ReconciliationDto(DateOnly Day, DateTime CheckedAt, ReconciliationSideDto Ours, ReconciliationSideDto Retell, int Matched,
    decimal Difference, int MissingHere, int MissingAtRetell, int CostMismatches, IReadOnlyList<ReconciliationItemDto> Items, bool Truncated);

public sealed class ReconciliationHandler(TenantDbFactory tenants, RetellClient retell, TimeProvider clock)
{
    public const decimal Tolerance = 0.0001m;
    public const int MaxItems = 5_000;

    /// <summary>Retell's page size (its list allows up to 1,000).</summary>
    public int PageSize { get; init; } = 1_000;

    public async Task<ReconciliationDto> HandleAsync(ReconciliationQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var day = query.Day ?? DateOnly.FromDateTime(now).AddDays(-1);
        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = start.AddDays(1);
        var theirs = await RetellCallsAsync(start, end, ct);

        await using var db = tenants.Platform();
        // Every client's calls: the reconciliation is of the operator's whole Retell workspace.
        var calls = db.Calls.IgnoreQueryFilters().AsNoTracking();
        var ours = await calls.Where(c => c.StartedAt >= start && c.StartedAt < end).Select(c => new Ours(c.Id, c.TenantId, c.CampaignId, c.RetellCallId, c.StartedAt, c.RetellCost))
            .ToListAsync(ct);
        // A call of Retell's day that we hold with another start (or none yet) is the same call, not a missing one.
        var known = ours.Where(o => o.RetellCallId is not null).Select(o => o.RetellCallId!).ToHashSet();
        foreach (var chunk in theirs.Keys.Where(id => !known.Contains(id)).Chunk(500))
            ours.AddRange(await calls.Where(c => chunk.Contains(c.RetellCallId!))
                .Select(c => new Ours(c.Id, c.TenantId, c.CampaignId, c.RetellCallId, c.StartedAt, c.RetellCost)).ToListAsync(ct));

        var items = new List<ReconciliationItemDto>();
        var matched = 0;
        foreach (var call in ours)
        {
            if (call.RetellCallId is null || !theirs.TryGetValue(call.RetellCallId, out var their))
            {
                items.Add(new("missing_at_retell", call.RetellCallId, call.Id, call.TenantId, null, call.CampaignId, null, call.StartedAt, null, call.RetellCost, null, null));
                continue;
            }
            matched++;
            var cost = Cost(their);
            if ((call.RetellCost is null) != (cost is null) || call.RetellCost is { } a && cost is { } b && Math.Abs(a - b) > Tolerance)
                items.Add(new("cost_mismatch", call.RetellCallId, call.Id, call.TenantId, null, call.CampaignId, null, call.StartedAt ?? Started(their),
                    their.CallStatus, call.RetellCost, cost, cost - call.RetellCost));
        }
        var ourIds = ours.Where(o => o.RetellCallId is not null).Select(o => o.RetellCallId!).ToHashSet();
        foreach (var their in theirs.Values.Where(t => !ourIds.Contains(t.CallId)))
        {
            var (client, campaign) = (MetadataId(their, "client_id"), MetadataId(their, "campaign_id"));
            items.Add(new("missing_here", their.CallId, MetadataId(their, "call_id"), client, null, campaign, null, Started(their), their.CallStatus, null, Cost(their), null));
        }

        items = await NameAsync(db, items, ct);
        var ourDay = ours.Where(o => o.StartedAt >= start && o.StartedAt < end).ToList();
        var ourSide = new ReconciliationSideDto(ourDay.Count, ourDay.Sum(o => o.RetellCost ?? 0), ourDay.Count(o => o.RetellCost is null));
        var retellSide = new ReconciliationSideDto(theirs.Count, theirs.Values.Sum(t => Cost(t) ?? 0), theirs.Values.Count(t => Cost(t) is null));
        return new ReconciliationDto(day, now, ourSide, retellSide, matched, retellSide.Cost - ourSide.Cost,
            items.Count(i => i.Kind == "missing_here"), items.Count(i => i.Kind == "missing_at_retell"), items.Count(i => i.Kind == "cost_mismatch"),
            items.OrderBy(i => i.StartedAt).ThenBy(i => i.RetellCallId, StringComparer.Ordinal).Take(MaxItems).ToList(), items.Count > MaxItems);
    }

    /// <summary>Retell's calls that started in [start, end), every page.</summary>
    private async Task<Dictionary<string, RetellCall>> RetellCallsAsync(DateTime start, DateTime end, CancellationToken ct)
    {
        var from = new DateTimeOffset(start).ToUnixTimeMilliseconds();
        var to = new DateTimeOffset(end).ToUnixTimeMilliseconds() - 1; // "bt" includes both ends
        var calls = new Dictionary<string, RetellCall>();
        string? page = null;
        try
        {
            do
            {
                var result = await retell.ListCallsAsync(new RetellListCallsRequest
                {
                    FilterCriteria = new JsonObject { ["start_timestamp"] = new JsonObject { ["type"] = "range", ["op"] = "bt", ["value"] = new JsonArray(from, to) } },
                    Limit = PageSize, PaginationKey = page, SortOrder = "ascending",
                }, ct);
                foreach (var call in result.Items) calls[call.CallId] = call;
                page = result.HasMore ? result.PaginationKey : null;
            } while (page is not null);
        }
        catch (Exception e) when (e is RetellApiException or HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new DomainException("reconciliation.retell_unavailable",
                $"Retell's call list could not be read ({(e is RetellApiException api ? $"HTTP {api.Status}" : "no answer")}); try again in a moment.",
                StatusCodes.Status502BadGateway);
        }
        return calls;
    }

    private static async Task<List<ReconciliationItemDto>> NameAsync(AppDbContext db, List<ReconciliationItemDto> items, CancellationToken ct)
    {
        var clientIds = items.Where(i => i.ClientId is not null).Select(i => i.ClientId!.Value).Distinct().ToList();
        var campaignIds = items.Where(i => i.CampaignId is not null).Select(i => i.CampaignId!.Value).Distinct().ToList();
        if (clientIds.Count == 0) return items;
        var clients = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var campaigns = await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return items.Select(i => i with
        {
            ClientName = i.ClientId is { } c ? clients.GetValueOrDefault(c) : null,
            CampaignName = i.CampaignId is { } id ? campaigns.GetValueOrDefault(id) : null,
        }).ToList();
    }

    /// <summary>Retell reports cents; we keep dollars rounded as the call tracker does.</summary>
    private static decimal? Cost(RetellCall call) => call.CallCost is { } cost ? Math.Round(cost.CombinedCost / 100m, 6) : null;

    private static DateTime? Started(RetellCall call) => call.StartTimestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : null;

    private static Guid? MetadataId(RetellCall call, string key) =>
        call.Metadata is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            && Guid.TryParse(v.GetString(), out var id) ? id : null;

    private sealed record Ours(Guid Id, Guid TenantId, Guid CampaignId, string? RetellCallId, DateTime? StartedAt, decimal? RetellCost);
}
