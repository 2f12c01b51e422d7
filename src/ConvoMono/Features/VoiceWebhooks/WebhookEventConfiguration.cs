using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.VoiceWebhooks;

public sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> e)
    {
        e.Property(x => x.Provider).HasMaxLength(16);
        e.Property(x => x.EventType).HasMaxLength(64);
        e.Property(x => x.DedupKey).HasMaxLength(200);
        e.Property(x => x.ProviderCallId).HasMaxLength(128);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.LastError).HasMaxLength(2000);
        e.HasIndex(x => new { x.Provider, x.DedupKey }).IsUnique();
        // The processor's claim walks pending events in id order and stops at a batch: (status, id) serves it without
        // sorting every pending event.
        e.HasIndex(x => new { x.Status, x.Id });
        e.HasIndex(x => x.ProviderCallId);
        e.HasIndex(x => new { x.Status, x.ProcessedAt }); // system health: events processed in the last minutes
    }
}
