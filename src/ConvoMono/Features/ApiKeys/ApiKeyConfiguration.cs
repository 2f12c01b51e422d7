using ConvoMono.Features.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.ApiKeys;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.Property(k => k.Name).HasMaxLength(100);
        key.Property(k => k.DisplayPrefix).HasMaxLength(32);
        key.Property(k => k.SecretHash).HasMaxLength(64);
        key.HasIndex(k => k.SecretHash).IsUnique();
        key.HasIndex(k => k.TenantId);
        key.HasOne<Client>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
