using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Audit;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.Property(e => e.ActorName).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.TargetType).HasMaxLength(64);
        entry.Property(e => e.TargetId).HasMaxLength(64);
        entry.Property(e => e.Reason).HasMaxLength(1000);
        entry.HasIndex(e => new { e.ClientId, e.Id });
    }
}
