using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.KnowledgeBases;

public sealed record KnowledgeBaseDto(Guid Id, string Name, KnowledgeBaseStatus Status, string? Error, string? RetellKnowledgeBaseId,
    IReadOnlyList<KnowledgeSourceDto> Sources, IReadOnlyList<Guid> CampaignIds, DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>A source without its content: kind, file name / text title / URL, and size in bytes (0 for a URL).</summary>
public sealed record KnowledgeSourceDto(Guid Id, KnowledgeSourceKind Kind, string Name, long SizeBytes);

public static class KnowledgeBaseDtos
{
    /// <summary>The DTOs of the given knowledge bases (of the context's tenant), in the order of <paramref name="ids"/>.</summary>
    public static async Task<List<KnowledgeBaseDto>> LoadAsync(AppDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var bases = await db.KnowledgeBases.AsNoTracking().Where(k => ids.Contains(k.Id))
            .Select(k => new { k.Id, k.Name, k.Status, k.Error, k.RetellKnowledgeBaseId, k.CreatedAt, k.CompletedAt })
            .ToDictionaryAsync(k => k.Id, ct);
        var sources = (await db.KnowledgeSources.AsNoTracking().Where(s => ids.Contains(s.KnowledgeBaseId))
                .Select(s => new { s.KnowledgeBaseId, Dto = new KnowledgeSourceDto(s.Id, s.Kind, s.Name, s.SizeBytes) })
                .ToListAsync(ct))
            .OrderBy(s => s.Dto.Kind).ThenBy(s => s.Dto.Name, StringComparer.Ordinal) // sources of one request share a timestamp
            .ToLookup(s => s.KnowledgeBaseId, s => s.Dto);
        // A tenant has few campaigns; which of them use these knowledge bases is worked out here rather than in SQL.
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => c.KnowledgeBaseIds.Count > 0)
            .Select(c => new { c.Id, c.KnowledgeBaseIds }).ToListAsync(ct);
        return ids.Where(bases.ContainsKey).Select(id =>
        {
            var k = bases[id];
            return new KnowledgeBaseDto(k.Id, k.Name, k.Status, k.Error, k.RetellKnowledgeBaseId, sources[id].ToList(),
                campaigns.Where(c => c.KnowledgeBaseIds.Contains(id)).Select(c => c.Id).ToList(), k.CreatedAt, k.CompletedAt);
        }).ToList();
    }
}
