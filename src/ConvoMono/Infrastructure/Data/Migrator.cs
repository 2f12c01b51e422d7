using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Data;

/// <summary>Applies the provider's migrations: on start for the embedded SQLite default, and as the explicit
/// `migrate` command for production.</summary>
public sealed class Migrator(DbContextOptions<AppDbContext> options, IOptions<DatabaseOptions> database, ILogger<Migrator> log)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var db = AppDbContextFactory.Create(options, database.Value, new TenantContext());
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0) return;
        log.LogInformation("Applying {Count} migration(s) to the {Provider} database: {Names}",
            pending.Count, database.Value.Provider, string.Join(", ", pending));
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>The migrations this database still lacks; an app started without migrating on start refuses to run on
    /// a schema that is behind (it would fail at its first query with a far less helpful message).</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        await using var db = AppDbContextFactory.Create(options, database.Value, new TenantContext());
        return (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
    }
}
