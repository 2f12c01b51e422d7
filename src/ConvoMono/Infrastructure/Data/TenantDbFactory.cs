using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Data;

/// <summary>A context scoped to one named tenant, for code that acts on a client it was told about rather than on the
/// caller's own (the admin granting credit, jobs settling calls). The tenant filter stays on.</summary>
public sealed class TenantDbFactory(DbContextOptions<AppDbContext> options, IOptions<DatabaseOptions> database)
{
    public AppDbContext For(Guid tenantId, string actorName = "system")
    {
        var tenant = new TenantContext();
        tenant.SetTenant(tenantId, actorName);
        return AppDbContextFactory.Create(options, database.Value, tenant);
    }
}
