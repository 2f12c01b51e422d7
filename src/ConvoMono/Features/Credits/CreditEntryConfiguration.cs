using ConvoMono.Features.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Credits;

public sealed class CreditEntryConfiguration : IEntityTypeConfiguration<CreditEntry>
{
    public void Configure(EntityTypeBuilder<CreditEntry> entry)
    {
        entry.Property(e => e.Kind).HasMaxLength(16);
        entry.Property(e => e.Reason).HasMaxLength(1000);
        entry.Property(e => e.Currency).HasMaxLength(3);
        entry.Property(e => e.CreatedBy).HasMaxLength(256);
        entry.Property(e => e.RetellCallId).HasMaxLength(128);
        entry.Property(e => e.IdempotencyKey).HasMaxLength(200);
        entry.HasIndex(e => new { e.TenantId, e.Id });
        entry.HasIndex(e => new { e.TenantId, e.Kind, e.CreatedAt }); // grants and adjustments of a period without the consumes
        entry.HasIndex(e => new { e.TenantId, e.IdempotencyKey }).IsUnique();
        entry.HasOne<Client>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        entry.Ignore(e => e.AffectsBalance);
    }
}

public sealed class ClientCreditConfiguration : IEntityTypeConfiguration<ClientCredit>
{
    public void Configure(EntityTypeBuilder<ClientCredit> credit)
    {
        credit.HasKey(c => c.TenantId);
        credit.Ignore(c => c.AvailableSeconds);
        credit.HasOne<Client>().WithOne().HasForeignKey<ClientCredit>(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CreditHoldConfiguration : IEntityTypeConfiguration<CreditHold>
{
    public void Configure(EntityTypeBuilder<CreditHold> hold)
    {
        hold.Property(h => h.Key).HasMaxLength(200);
        hold.Property(h => h.Kind).HasMaxLength(16);
        hold.Property(h => h.RetellCallId).HasMaxLength(128);
        hold.HasIndex(h => new { h.TenantId, h.Key }).IsUnique();
        hold.HasIndex(h => new { h.TenantId, h.CampaignId });
        hold.HasOne<Client>().WithMany().HasForeignKey(h => h.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
