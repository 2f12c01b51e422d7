using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Credits;

public enum CreditHoldKind { Campaign, Call }

/// <summary>Credit set aside: a campaign's reservation, or one call's worst case (its max duration). A call hold is
/// drawn from its campaign's reservation when that still covers it, otherwise from available credit.</summary>
public sealed class CreditHold : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string Key { get; set; } = "";
    public CreditHoldKind Kind { get; set; }
    public Guid? CampaignId { get; set; }
    public long Seconds { get; set; }
    public long RemainingSeconds { get; set; }
    public bool FromReservation { get; set; }
    public bool Closed { get; set; }
    public string? RetellCallId { get; set; }
    public long? BilledSeconds { get; set; }
    public decimal? BilledAmount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    public static string CampaignKey(Guid campaignId) => "campaign:" + campaignId;

    /// <summary>The call a call hold's key names (<c>call:&lt;id&gt;</c>, see <c>Call.HoldKeyOf</c>); null for other holds.</summary>
    public static Guid? CallIdOf(string key) => key.StartsWith("call:", StringComparison.Ordinal) && Guid.TryParse(key.AsSpan(5), out var id) ? id : null;
}
