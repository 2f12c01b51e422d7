using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Branding;

public sealed class PlatformBrandingConfiguration : IEntityTypeConfiguration<PlatformBranding>
{
    public void Configure(EntityTypeBuilder<PlatformBranding> branding)
    {
        branding.Property(b => b.Id).ValueGeneratedNever();
        branding.Property(b => b.PlatformName).HasMaxLength(60);
        branding.Property(b => b.PrimaryColor).HasMaxLength(7);
        branding.Property(b => b.LogoContentType).HasMaxLength(32);
    }
}
