using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Data;

/// <summary>Creates the provider's context for the current tenant: one context per operation, in requests,
/// pages and jobs alike (a Blazor scope lives as long as the circuit, so no scoped DbContext is kept).</summary>
public sealed class AppDbContextFactory(DbContextOptions<AppDbContext> options, IOptions<DatabaseOptions> database, TenantContext tenant)
    : IDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext() => Create(options, database.Value, tenant);

    public static AppDbContext Create(DbContextOptions options, DatabaseOptions database, TenantContext tenant) =>
        database.IsPostgres ? new PostgresAppDbContext(options, tenant) : new SqliteAppDbContext(options, tenant);

    public static DbContextOptions<AppDbContext> BuildOptions(DatabaseOptions database, string contentRoot,
        params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        Configure(builder, database, database.EffectiveConnectionString(contentRoot));
        if (interceptors.Length > 0) builder.AddInterceptors(interceptors);
        return builder.Options;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions database, string connectionString)
    {
        if (database.IsPostgres)
            builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"));
        else
            builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
                .AddInterceptors(new SqlitePragmas());
        builder.UseSnakeCaseNamingConvention();
    }
}

// Design-time factories for `dotnet ef migrations add ... --context SqliteAppDbContext|PostgresAppDbContext`.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContextFactory.Configure(builder, new DatabaseOptions { Provider = "Sqlite" }, "Data Source=design.db");
        return new SqliteAppDbContext(builder.Options, new TenantContext());
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        AppDbContextFactory.Configure(builder, new DatabaseOptions { Provider = "Postgres" }, "Host=localhost;Database=design");
        return new PostgresAppDbContext(builder.Options, new TenantContext());
    }
}
