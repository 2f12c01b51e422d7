using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Integrations;

public sealed class IntegrationSettingConfiguration : IEntityTypeConfiguration<IntegrationSetting>
{
    public void Configure(EntityTypeBuilder<IntegrationSetting> s)
    {
        s.HasKey(x => x.Provider);
        s.Property(x => x.Provider).HasMaxLength(16);
        s.Property(x => x.Mode).HasMaxLength(16);
        s.Property(x => x.ProtectedSecret).HasMaxLength(4000);
        s.Property(x => x.SecretHint).HasMaxLength(16);
        s.Property(x => x.BaseUrl).HasMaxLength(500);
        s.Property(x => x.AccountId).HasMaxLength(64);
        s.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}
