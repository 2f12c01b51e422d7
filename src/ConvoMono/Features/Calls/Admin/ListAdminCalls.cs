using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Calls.Admin;

public sealed record ListAdminCallsQuery : IValidatableObject
{
    [FromQuery(Name = "client_id")] public Guid? ClientId { get; init; }
    [FromQuery(Name = "campaign_id")] public Guid? CampaignId { get; init; }
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

/// <summary>The super admin's reads of every client's calls. Calls are tenant-owned, so these queries run on a context
/// without a tenant and say <c>IgnoreQueryFilters()</c>: reading across clients is this feature's purpose, and only a super
/// admin may run them (the endpoint policy, the page's attribute, and the check here).</summary>
public sealed class AdminCallsHandler(TenantDbFactory dbs, TenantContext caller)
{
    public async Task<Page<AdminCallListItemDto>> HandleAsync(ListAdminCallsQuery filter, PageQuery page, CancellationToken ct)
    {
        EnsureSuperAdmin();
        await using var db = dbs.Platform();
        var calls = db.Calls.IgnoreQueryFilters().AsNoTracking();
        if (filter.ClientId is { } client) calls = calls.Where(c => c.TenantId == client);
        var rows = await calls.Filter(filter.CampaignId, filter.Status, filter.Outcome, filter.From, filter.To, page)
            .Select(c => new AdminCallListItemDto(c.Id, c.TenantId, db.Clients.Where(x => x.Id == c.TenantId).Select(x => x.Name).FirstOrDefault(),
                c.CampaignId, db.Campaigns.Where(x => x.Id == c.CampaignId).Select(x => x.Name).FirstOrDefault(), c.LeadId, c.RetellCallId,
                c.ToNumber, c.FromNumber, c.Status, c.Outcome, c.Attempt, c.CreatedAt, c.StartedAt, c.EndedAt, c.DurationSeconds, c.BilledSeconds,
                c.BilledAmount, c.Currency, c.RetellCost, CallProfit.CostCurrency, c.CostBreakdown, CallProfit.Of(c.Currency, c.BilledAmount, c.RetellCost),
                c.RecordingUrl, c.Summary, c.Sentiment, c.Successful, c.Analysis, c.DisconnectionReason))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, c => c.Id);
    }

    public async Task<AdminCallDto?> GetAsync(Guid id, CancellationToken ct)
    {
        EnsureSuperAdmin();
        await using var db = dbs.Platform();
        return await db.Calls.IgnoreQueryFilters().AsNoTracking().Where(c => c.Id == id)
            .Select(c => new AdminCallDto(c.Id, c.TenantId, db.Clients.Where(x => x.Id == c.TenantId).Select(x => x.Name).FirstOrDefault(),
                c.CampaignId, db.Campaigns.Where(x => x.Id == c.CampaignId).Select(x => x.Name).FirstOrDefault(), c.LeadId, c.RetellCallId,
                c.ToNumber, c.FromNumber, c.Status, c.Outcome, c.Attempt, c.CreatedAt, c.StartedAt, c.EndedAt, c.DurationSeconds, c.BilledSeconds,
                c.BilledAmount, c.Currency, c.RetellCost, CallProfit.CostCurrency, c.CostBreakdown, CallProfit.Of(c.Currency, c.BilledAmount, c.RetellCost),
                c.Transcript, c.RecordingUrl, c.Summary, c.Sentiment, c.Successful, c.Analysis, c.DisconnectionReason))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>A client's campaigns to filter by, newest first.</summary>
    public async Task<IReadOnlyList<CallCampaignChoice>> CampaignsAsync(Guid clientId, CancellationToken ct)
    {
        EnsureSuperAdmin();
        await using var db = dbs.Platform();
        return await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => c.TenantId == clientId)
            .OrderByDescending(c => c.Id).Take(PageQuery.MaxLimit).Select(c => new CallCampaignChoice(c.Id, c.Name)).ToListAsync(ct);
    }

    private void EnsureSuperAdmin()
    {
        if (!caller.IsSuperAdmin)
            throw new DomainException("calls.admin_only", "Only a platform administrator can read every client's calls.", StatusCodes.Status403Forbidden);
    }
}
