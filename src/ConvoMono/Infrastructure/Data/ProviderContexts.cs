using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Infrastructure.Data;

// Empty subclasses, one per provider, so each owns its migrations (Migrations/Sqlite, Migrations/Postgres).

public sealed class SqliteAppDbContext(DbContextOptions options, TenantContext tenant) : AppDbContext(options, tenant);

public sealed class PostgresAppDbContext(DbContextOptions options, TenantContext tenant) : AppDbContext(options, tenant);
