using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Calls;

/// <summary>One of the caller's calls with its transcript; another client's call is not found.</summary>
public sealed class GetCallHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<CallDto?> HandleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Calls.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CallDto(c.Id, c.CampaignId, db.Campaigns.Where(x => x.Id == c.CampaignId).Select(x => x.Name).FirstOrDefault(),
                c.LeadId, c.RetellCallId, c.ToNumber, c.FromNumber, c.Status, c.Outcome, c.Attempt, c.CreatedAt, c.StartedAt, c.EndedAt,
                c.DurationSeconds, c.BilledSeconds, c.BilledAmount, c.Currency, c.Transcript, c.RecordingUrl, c.Summary, c.Sentiment, c.Successful,
                c.Analysis, c.DisconnectionReason))
            .FirstOrDefaultAsync(ct);
    }
}
