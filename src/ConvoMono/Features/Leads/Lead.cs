using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Leads;

public enum LeadStatus { Pending, Dialing, Retry, Converted, NotConverted, Exhausted, DoNotCall, Invalid }

/// <summary>A person a campaign will call. Rows are written in bulk by the importer (the lead importer), so the
/// shape stays flat: the dynamic variables are one JSON column and the time zones one comma-separated text.</summary>
public sealed class Lead : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CampaignId { get; set; }
    public Guid? ImportId { get; set; }
    /// <summary>E.164.</summary>
    public string PhoneNumber { get; set; } = "";
    /// <summary>The IANA zone the number maps to (the first when several do; <c>Etc/Unknown</c> when none).</summary>
    public string TimeZone { get; set; } = "Etc/Unknown";
    /// <summary>Every zone the number may be in, comma-separated, when there is more than one: the dialer applies the strictest window.</summary>
    public string? TimeZones { get; set; }
    public Dictionary<string, string> Variables { get; set; } = [];
    public LeadStatus Status { get; set; } = LeadStatus.Pending;
    public int Attempts { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    /// <summary>Line of the source file the lead came from.</summary>
    public int? SourceLine { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<string> AllTimeZones => TimeZones is null ? [TimeZone] : TimeZones.Split(',');

    public static bool IsFinal(LeadStatus status) =>
        status is LeadStatus.Converted or LeadStatus.NotConverted or LeadStatus.Exhausted or LeadStatus.DoNotCall or LeadStatus.Invalid;
}
