using ConvoMono.Features.KnowledgeBases;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Features.Voices;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Campaigns;

/// <summary>Checks what a campaign points at: the voice exists at Retell, the knowledge bases are the client's own and
/// usable, the phone number is assigned to the client. Another client's ids are reported as unknown, never as "not yours".</summary>
public sealed class CampaignReferences(VoiceCatalog voices, TenantContext caller)
{
    public async Task CheckAsync(AppDbContext db, CampaignSettings s, CampaignSettings? before, CancellationToken ct)
    {
        if (s.VoiceId != before?.VoiceId && await voices.ExistsAsync(s.VoiceId, ct) == false)
            throw Invalid("voice_id", $"There is no voice \"{s.VoiceId}\". Pick one from GET /api/v1/voices.");

        if (s.KnowledgeBaseIds.Count > 0)
        {
            var ids = s.KnowledgeBaseIds.Distinct().ToList();
            var found = await db.KnowledgeBases.AsNoTracking().Where(k => ids.Contains(k.Id))
                .Select(k => new { k.Id, k.Name, k.Status }).ToListAsync(ct);
            if (ids.FirstOrDefault(id => found.All(k => k.Id != id)) is var missing && missing != Guid.Empty)
                throw Invalid("knowledge_base_ids", $"Knowledge base {missing} was not found.");
            if (found.FirstOrDefault(k => k.Status == KnowledgeBaseStatus.Error) is { } broken)
                throw Invalid("knowledge_base_ids", $"Knowledge base \"{broken.Name}\" failed to sync; retry it before attaching it.");
        }

        if (s.PhoneNumberId is { } numberId && numberId != before?.PhoneNumberId)
        {
            // Phone numbers are platform inventory (not tenant-filtered): only a number assigned to this client qualifies.
            var tenantId = caller.TenantId;
            var assigned = await db.PhoneNumbers.AsNoTracking()
                .AnyAsync(n => n.Id == numberId && n.ClientId == tenantId && n.Status == PhoneNumberStatus.Assigned, ct);
            if (!assigned) throw Invalid("phone_number_id", "That phone number is not assigned to you. Use GET /api/v1/phone-numbers.");
        }
    }

    private static DomainException Invalid(string field, string message) =>
        new("campaigns.invalid_reference", message, StatusCodes.Status400BadRequest, field);
}
