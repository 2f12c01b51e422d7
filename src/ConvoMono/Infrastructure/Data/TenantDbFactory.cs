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

    /// <summary>A context with no tenant, for platform-wide jobs (the dispatcher, the reconciler): tenant-owned sets match
    /// nothing unless the query says <c>IgnoreQueryFilters()</c>, so reading across clients is always deliberate.</summary>
    public AppDbContext Platform() => AppDbContextFactory.Create(options, database.Value, new TenantContext());
}
