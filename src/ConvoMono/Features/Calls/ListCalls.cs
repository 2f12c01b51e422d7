using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Calls;

public sealed record ListCallsQuery : IValidatableObject
{
    [FromQuery(Name = "campaign_id")] public Guid? CampaignId { get; init; }
    [FromQuery(Name = "lead_id")] public Guid? LeadId { get; init; }
    /// <summary><c>dispatching</c>, <c>queued</c>, <c>registered</c>, <c>ongoing</c>, <c>ended</c> or <c>analyzed</c>.</summary>
    [FromQuery(Name = "status"), CallName(typeof(CallStatus))] public string? Status { get; init; }
    /// <summary><c>converted</c>, <c>not_converted</c>, <c>no_answer</c>, <c>busy</c>, <c>voicemail</c> or <c>failed</c>.</summary>
    [FromQuery(Name = "outcome"), CallName(typeof(CallOutcome))] public string? Outcome { get; init; }
    /// <summary>Calls placed at or after this instant (UTC).</summary>
    [FromQuery(Name = "from")] public DateTime? From { get; init; }
    /// <summary>Calls placed before this instant (UTC).</summary>
    [FromQuery(Name = "to")] public DateTime? To { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context) => CallFilters.CheckRange(From, To);
}

/// <summary>The caller's own calls (the tenant filter of the context scopes every query).</summary>
public sealed class ListCallsHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<CallListItemDto>> HandleAsync(ListCallsQuery filter, PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var calls = db.Calls.AsNoTracking();
        if (filter.LeadId is { } lead) calls = calls.Where(c => c.LeadId == lead);
        var rows = await calls.Filter(filter.CampaignId, filter.Status, filter.Outcome, filter.From, filter.To, page)
            .Select(c => new CallListItemDto(c.Id, c.CampaignId, db.Campaigns.Where(x => x.Id == c.CampaignId).Select(x => x.Name).FirstOrDefault(),
                c.LeadId, c.RetellCallId, c.ToNumber, c.FromNumber, c.Status, c.Outcome, c.Attempt, c.CreatedAt, c.StartedAt, c.EndedAt,
                c.DurationSeconds, c.BilledSeconds, c.BilledAmount, c.Currency, c.RecordingUrl, c.Summary, c.Sentiment, c.Successful, c.Analysis,
                c.DisconnectionReason))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, c => c.Id);
    }

    /// <summary>The campaigns to filter by, newest first.</summary>
    public async Task<IReadOnlyList<CallCampaignChoice>> CampaignsAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).Take(PageQuery.MaxLimit)
            .Select(c => new CallCampaignChoice(c.Id, c.Name)).ToListAsync(ct);
    }
}
