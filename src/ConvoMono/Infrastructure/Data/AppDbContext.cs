using System.Linq.Expressions;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Features.Audit;
using ConvoMono.Features.Branding;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Clients;
using ConvoMono.Features.Credits;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Features.Integrations;
using ConvoMono.Features.KnowledgeBases;
using ConvoMono.Features.Leads;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Features.Users;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ConvoMono.Infrastructure.Data;

/// <summary>The one provider-neutral context. Tenant isolation lives here: every <see cref="ITenantOwned"/> query is
/// filtered by the current tenant and inserts are stamped with it.</summary>
public class AppDbContext(DbContextOptions options, TenantContext tenant)
    : IdentityUserContext<AppUser, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<CreditEntry> CreditEntries => Set<CreditEntry>();
    public DbSet<ClientCredit> ClientCredits => Set<ClientCredit>();
    public DbSet<CreditHold> CreditHolds => Set<CreditHold>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PlatformBranding> Branding => Set<PlatformBranding>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<IntegrationSetting> IntegrationSettings => Set<IntegrationSetting>();
    public DbSet<PhoneNumber> PhoneNumbers => Set<PhoneNumber>();
    public DbSet<PhoneNumberAssignment> PhoneNumberAssignments => Set<PhoneNumberAssignment>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<KnowledgeBase> KnowledgeBases => Set<KnowledgeBase>();
    public DbSet<KnowledgeSource> KnowledgeSources => Set<KnowledgeSource>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<ConvoMono.Features.Calls.Call> Calls => Set<ConvoMono.Features.Calls.Call>();
    public DbSet<ConvoMono.Features.Calls.CallDayStat> CallDayStats => Set<ConvoMono.Features.Calls.CallDayStat>();
    public DbSet<ConvoMono.Features.Analytics.Expenses.OperationalExpense> OperationalExpenses => Set<ConvoMono.Features.Analytics.Expenses.OperationalExpense>();
    public DbSet<ConvoMono.Features.Analytics.AnalyticsSetting> AnalyticsSettings => Set<ConvoMono.Features.Analytics.AnalyticsSetting>();
    public DbSet<LeadImport> LeadImports => Set<LeadImport>();
    public DbSet<LeadImportRejects> LeadImportRejects => Set<LeadImportRejects>();
    public DbSet<DncEntry> DncEntries => Set<DncEntry>();
    public DbSet<PlatformDncEntry> PlatformDncEntries => Set<PlatformDncEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public TenantContext Tenant => tenant;

    // Read by the query filters; EF evaluates it per query, so one model serves every tenant.
    // No tenant (anonymous, platform code) matches nothing.
    internal Guid CurrentTenantId => tenant.TenantId ?? Guid.Empty;

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        model.Entity<IdempotencyRecord>(r =>
        {
            r.Property(x => x.Scope).HasMaxLength(80);
            r.Property(x => x.Key).HasMaxLength(200);
            r.Property(x => x.RequestHash).HasMaxLength(64);
            r.Property(x => x.ContentType).HasMaxLength(200);
            r.Property(x => x.Location).HasMaxLength(500);
            r.HasIndex(x => new { x.Scope, x.Key }).IsUnique();
            r.HasIndex(x => x.CreatedAt);
        });

        foreach (var entity in model.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            var row = Expression.Parameter(entity.ClrType, "row");
            var filter = Expression.Lambda(
                Expression.Equal(
                    Expression.Property(row, nameof(ITenantOwned.TenantId)),
                    Expression.Property(Expression.Constant(this), nameof(CurrentTenantId))),
                row);
            model.Entity(entity.ClrType).HasQueryFilter(filter);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        conventions.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
        conventions.Properties<decimal>().HavePrecision(19, 4);
        conventions.Properties<Enum>().HaveConversion<string>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State != EntityState.Added) continue;
            if (entry.Entity.TenantId == Guid.Empty)
                entry.Entity.TenantId = tenant.TenantId
                    ?? throw new InvalidOperationException($"Cannot insert {entry.Entity.GetType().Name} without a tenant.");
            else if (tenant.TenantId is { } current && current != entry.Entity.TenantId)
                throw new InvalidOperationException($"Cannot insert {entry.Entity.GetType().Name} into another tenant.");
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.Value.ToUniversalTime(), DateTimeKind.Utc),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
