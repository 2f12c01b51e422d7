using ConvoMono.Features.Clients;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Campaigns;

public sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> campaign)
    {
        campaign.Property(c => c.Name).HasMaxLength(200);
        campaign.Property(c => c.GeneralPrompt).HasMaxLength(CampaignLimits.PromptLength);
        campaign.Property(c => c.BeginMessage).HasMaxLength(CampaignLimits.MessageLength);
        campaign.Property(c => c.VoiceId).HasMaxLength(100);
        campaign.Property(c => c.Language).HasMaxLength(20);
        campaign.Property(c => c.AmbientSound).HasMaxLength(40);
        campaign.Property(c => c.VoicemailAction).HasMaxLength(20);
        campaign.Property(c => c.VoicemailMessage).HasMaxLength(CampaignLimits.MessageLength);
        campaign.Property(c => c.SuccessCriteria).HasMaxLength(CampaignLimits.MessageLength);
        campaign.Property(c => c.AnalysisFields).HasJsonConversion();
        campaign.Property(c => c.DefaultVariables).HasJsonConversion();
        campaign.Property(c => c.Status).HasMaxLength(20);
        campaign.Property(c => c.PauseReason).HasMaxLength(30);
        campaign.Property(c => c.StartTimeZone).HasMaxLength(64);
        campaign.Property(c => c.RetellLlmId).HasMaxLength(100);
        campaign.Property(c => c.RetellAgentId).HasMaxLength(100);
        campaign.Property(c => c.SyncStatus).HasMaxLength(20);
        campaign.Property(c => c.SyncError).HasMaxLength(1000);
        campaign.HasIndex(c => new { c.TenantId, c.Status });
        campaign.HasIndex(c => c.PhoneNumberId);
        campaign.HasOne<Client>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        campaign.HasOne<PhoneNumber>().WithMany().HasForeignKey(c => c.PhoneNumberId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class CampaignLimits
{
    public const int PromptLength = 20_000, MessageLength = 2_000;
}
