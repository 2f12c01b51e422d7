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
        entry.HasIndex(e => new { e.TenantId, e.Id });
        entry.HasOne<Client>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
