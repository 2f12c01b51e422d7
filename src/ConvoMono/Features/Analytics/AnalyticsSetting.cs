using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Features.Analytics;

/// <summary>The analytics settings the super admin changed at runtime (one row); they override configuration.</summary>
public sealed class AnalyticsSetting
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    /// <summary>Retell cost per connected minute (USD) above which cost drift is flagged; null: the configured default.</summary>
    public decimal? CostDriftThresholdPerMinute { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

public sealed class AnalyticsSettingConfiguration : IEntityTypeConfiguration<AnalyticsSetting>
{
    public void Configure(EntityTypeBuilder<AnalyticsSetting> setting)
    {
        setting.Property(s => s.Id).ValueGeneratedNever();
        setting.Property(s => s.UpdatedBy).HasMaxLength(200);
    }
}
