using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConvoMono.Infrastructure.Health;

public sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> dbs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database cannot be reached.");
        var pending = await db.Database.GetPendingMigrationsAsync(ct);
        return pending.Any()
            ? HealthCheckResult.Unhealthy("The database schema is behind: run `dotnet ConvoMono.dll migrate`.")
            : HealthCheckResult.Healthy();
    }
}
