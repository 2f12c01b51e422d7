using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.ApiKeys;

public sealed record CreateApiKeyRequest
{
    [Display(Name = "Key name"), Required, StringLength(100, MinimumLength = 1)] public string Name { get; set; } = "";
}

public sealed class CreateApiKeyHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    public async Task<CreatedApiKeyDto> HandleAsync(CreateApiKeyRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (key, secret) = ApiKey.Issue(request.Name, caller.UserId, now);
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        db.AuditEntries.Add(AuditEntry.Record(caller, "api_key.created", "api_key", key.Id, caller.TenantId, null,
            new { key.Name, prefix = key.DisplayPrefix }, now));
        await db.SaveChangesAsync(ct);
        return new CreatedApiKeyDto(key.Id, key.Name, key.DisplayPrefix, secret, key.CreatedAt);
    }
}
