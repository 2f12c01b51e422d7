using ConvoMono.Features.KnowledgeBases;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Campaigns;

public sealed record KnowledgeBaseOption(Guid Id, string Name, KnowledgeBaseStatus Status);

public sealed record PhoneNumberOption(Guid Id, string Number, string? Nickname);

public sealed record CampaignEditorOptions(IReadOnlyList<KnowledgeBaseOption> KnowledgeBases, IReadOnlyList<PhoneNumberOption> PhoneNumbers);

/// <summary>What the campaign editor offers to pick from: the client's knowledge bases and the numbers assigned to it.</summary>
public sealed class CampaignEditorOptionsHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller)
{
    public async Task<CampaignEditorOptions> HandleAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var kbs = await db.KnowledgeBases.AsNoTracking().OrderBy(k => k.Name)
            .Select(k => new KnowledgeBaseOption(k.Id, k.Name, k.Status)).ToListAsync(ct);
        // Phone numbers are platform inventory: only those assigned to the caller's client are offered.
        var tenantId = caller.TenantId;
        var numbers = await db.PhoneNumbers.AsNoTracking()
            .Where(n => n.ClientId == tenantId && n.Status == PhoneNumberStatus.Assigned).OrderBy(n => n.Number)
            .Select(n => new PhoneNumberOption(n.Id, n.Number, n.Nickname)).ToListAsync(ct);
        return new CampaignEditorOptions(kbs, numbers);
    }
}
