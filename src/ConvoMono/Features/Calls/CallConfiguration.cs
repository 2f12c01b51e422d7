using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Calls;

public sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> call)
    {
        call.Property(c => c.BatchCallId).HasMaxLength(100);
        call.Property(c => c.RetellCallId).HasMaxLength(100);
        call.Property(c => c.Status).HasMaxLength(20);
        call.Property(c => c.Outcome).HasMaxLength(20);
        call.Property(c => c.DisconnectionReason).HasMaxLength(80);
        call.Property(c => c.ToNumber).HasMaxLength(16);
        call.Property(c => c.FromNumber).HasMaxLength(16);
        call.Property(c => c.Currency).HasMaxLength(3);
        call.Property(c => c.RetellCost).HasPrecision(19, 6);
        call.Property(c => c.CostBreakdown).HasJsonConversion();
        call.Property(c => c.Analysis).HasJsonConversion();
        call.Property(c => c.Summary).HasMaxLength(4000);
        call.Property(c => c.Sentiment).HasMaxLength(40);
        call.Property(c => c.RecordingUrl).HasMaxLength(1000);
        // The guarantee behind "never the same lead attempt twice", whatever the number of dispatchers.
        call.HasIndex(c => new { c.LeadId, c.Attempt }).IsUnique();
        call.HasIndex(c => c.RetellCallId).IsUnique();
        call.HasIndex(c => new { c.CampaignId, c.Status });
        call.HasIndex(c => new { c.Status, c.UpdatedAt });
        call.HasIndex(c => new { c.TenantId, c.CreatedAt });
        call.HasIndex(c => new { c.TenantId, c.Id });       // the calls list: newest first within a client
        call.HasIndex(c => new { c.CampaignId, c.EndedAt }); // the live monitor's recent outcomes
        call.HasIndex(c => c.WaveId);
        call.HasIndex(c => c.StartedAt);                   // reconciliation of a day across clients
    }
}
