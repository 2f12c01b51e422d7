using System.Security.Claims;
using ConvoMono.Infrastructure.Auth;

namespace ConvoMono.Infrastructure.Tenancy;

/// <summary>Who is calling, per request (or per Blazor circuit): the tenant whose data is visible and the actor
/// written into audit entries. Anonymous and platform callers have no tenant and see no tenant-owned rows.</summary>
public sealed class TenantContext
{
    public Guid? TenantId { get; private set; }
    public Guid? UserId { get; private set; }
    public Guid? ApiKeyId { get; private set; }
    public string? ActorName { get; private set; }
    public string? Role { get; private set; }

    public bool IsSuperAdmin => Role == Roles.SuperAdmin;

    public void SetFrom(ClaimsPrincipal principal)
    {
        TenantId = principal.ClientId();
        UserId = principal.UserId();
        ApiKeyId = principal.ApiKeyId();
        ActorName = principal.FindFirstValue(ClaimTypes.Email) ?? principal.FindFirstValue(ClaimTypes.Name);
        Role = principal.FindFirstValue(ClaimTypes.Role);
    }

    public void CopyFrom(TenantContext other)
    {
        TenantId = other.TenantId;
        UserId = other.UserId;
        ApiKeyId = other.ApiKeyId;
        ActorName = other.ActorName;
        Role = other.Role;
    }

    /// <summary>For background work that acts inside one tenant (jobs, webhook processing).</summary>
    public void SetTenant(Guid tenantId, string actorName)
    {
        TenantId = tenantId;
        ActorName = actorName;
        Role = null;
        UserId = null;
        ApiKeyId = null;
    }
}
