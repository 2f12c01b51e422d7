using ConvoMono.Features.Campaigns;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Leads;

public sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> lead)
    {
        lead.Property(l => l.PhoneNumber).HasMaxLength(16);
        lead.Property(l => l.TimeZone).HasMaxLength(64);
        lead.Property(l => l.TimeZones).HasMaxLength(1000);
        lead.Property(l => l.Variables).HasJsonConversion();
        lead.Property(l => l.Status).HasMaxLength(20);
        // Leads are written a million at a time, so the table carries only the indexes reads need and no foreign keys
        // (each one is an index and a per-row check): the importer checks the campaign first, deleting a campaign
        // deletes its leads, and queries by import are scoped by campaign.
        lead.HasIndex(l => new { l.CampaignId, l.PhoneNumber }).IsUnique();
        lead.HasIndex(l => new { l.CampaignId, l.Status });
    }
}

public sealed class LeadImportConfiguration : IEntityTypeConfiguration<LeadImport>
{
    public void Configure(EntityTypeBuilder<LeadImport> import)
    {
        import.Property(i => i.FileName).HasMaxLength(255);
        import.Property(i => i.Status).HasMaxLength(20);
        import.Property(i => i.PhoneColumn).HasMaxLength(200);
        import.Property(i => i.DefaultCountry).HasMaxLength(2);
        import.Property(i => i.Rejected).HasJsonConversion();
        import.Property(i => i.Samples).HasJsonConversion();
        import.Property(i => i.Columns).HasJsonConversion();
        import.Property(i => i.Error).HasMaxLength(1000);
        import.HasIndex(i => new { i.CampaignId, i.Status });
        import.HasOne<Campaign>().WithMany().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class LeadImportRejectsConfiguration : IEntityTypeConfiguration<LeadImportRejects>
{
    public void Configure(EntityTypeBuilder<LeadImportRejects> rejects)
    {
        rejects.HasKey(r => r.ImportId);
        rejects.HasOne<LeadImport>().WithOne().HasForeignKey<LeadImportRejects>(r => r.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}
