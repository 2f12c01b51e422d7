namespace ConvoMono.Infrastructure.Tenancy;

/// <summary>Marks an entity that belongs to one client (tenant). <see cref="Data.AppDbContext"/> filters every
/// query by the current tenant and stamps <see cref="TenantId"/> on insert.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
