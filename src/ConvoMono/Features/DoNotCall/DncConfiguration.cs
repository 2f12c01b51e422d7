using ConvoMono.Features.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.DoNotCall;

public sealed class DncEntryConfiguration : IEntityTypeConfiguration<DncEntry>
{
    public void Configure(EntityTypeBuilder<DncEntry> entry)
    {
        entry.Property(e => e.PhoneNumber).HasMaxLength(16);
        entry.Property(e => e.Source).HasMaxLength(10);
        entry.Property(e => e.Reason).HasMaxLength(200);
        entry.HasIndex(e => new { e.TenantId, e.PhoneNumber }).IsUnique();
        entry.HasOne<Client>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PlatformDncEntryConfiguration : IEntityTypeConfiguration<PlatformDncEntry>
{
    public void Configure(EntityTypeBuilder<PlatformDncEntry> entry)
    {
        entry.Property(e => e.PhoneNumber).HasMaxLength(16);
        entry.Property(e => e.Source).HasMaxLength(10);
        entry.Property(e => e.Reason).HasMaxLength(200);
        entry.HasIndex(e => e.PhoneNumber).IsUnique();
    }
}
