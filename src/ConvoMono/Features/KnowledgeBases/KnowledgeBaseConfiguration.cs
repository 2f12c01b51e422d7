using ConvoMono.Features.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.KnowledgeBases;

public sealed class KnowledgeBaseConfiguration : IEntityTypeConfiguration<KnowledgeBase>
{
    public void Configure(EntityTypeBuilder<KnowledgeBase> kb)
    {
        kb.Property(k => k.Name).HasMaxLength(40); // Retell refuses names of 40 characters or more
        kb.Property(k => k.RetellKnowledgeBaseId).HasMaxLength(100);
        kb.Property(k => k.Status).HasMaxLength(20);
        kb.Property(k => k.Error).HasMaxLength(1000);
        kb.HasIndex(k => k.TenantId);
        kb.HasIndex(k => new { k.Status, k.NextCheckAt });
        kb.HasOne<Client>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class KnowledgeSourceConfiguration : IEntityTypeConfiguration<KnowledgeSource>
{
    public void Configure(EntityTypeBuilder<KnowledgeSource> source)
    {
        source.Property(s => s.Name).HasMaxLength(2048);
        source.Property(s => s.ContentType).HasMaxLength(200);
        source.Property(s => s.Kind).HasMaxLength(10);
        source.HasIndex(s => s.KnowledgeBaseId);
        source.HasOne<KnowledgeBase>().WithMany().HasForeignKey(s => s.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
