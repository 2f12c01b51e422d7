using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Credits;

public enum CreditEntryKind { Grant, Adjust, Reserve, Consume, Release }

/// <summary>One line of a client's append-only credit ledger. <see cref="Seconds"/> is the signed effect on the
/// client's available credit: grants add, consumes and holds (reserve) take, releases give back. So
/// available = Σ seconds, balance = Σ of grant/adjust/consume, held = −Σ of reserve/release.</summary>
public sealed class CreditEntry : ITenantOwned
{
    public Guid Id { get; private set; } = SequentialGuid.NewGuid(); // the ledger lists newest first by id: a call's entries in the order they were made
    public Guid TenantId { get; set; }
    public CreditEntryKind Kind { get; private set; }
    public long Seconds { get; private set; }
    public string? Reason { get; private set; }
    public Guid? CampaignId { get; private set; }
    public Guid? CallId { get; private set; }
    public string? RetellCallId { get; private set; }
    public Guid? HoldId { get; private set; }
    /// <summary>Makes each effect happen once: a replayed event finds its key taken.</summary>
    public string? IdempotencyKey { get; private set; }
    public decimal? AmountPaid { get; private set; }
    public decimal? BilledAmount { get; private set; }
    public string? Currency { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }

    private CreditEntry() { }

    public bool AffectsBalance => Kind is CreditEntryKind.Grant or CreditEntryKind.Adjust or CreditEntryKind.Consume;

    internal static CreditEntry Create(Guid tenantId, CreditEntryKind kind, long seconds, DateTime now, string? createdBy,
        string? reason = null, Guid? campaignId = null, Guid? holdId = null, string? retellCallId = null, string? idempotencyKey = null,
        decimal? amountPaid = null, decimal? billedAmount = null, string? currency = null, Guid? callId = null) => new()
    {
        TenantId = tenantId, Kind = kind, Seconds = seconds, CreatedAt = now, CreatedBy = createdBy, Reason = reason,
        CampaignId = campaignId, CallId = callId, HoldId = holdId, RetellCallId = retellCallId, IdempotencyKey = idempotencyKey,
        AmountPaid = amountPaid, BilledAmount = billedAmount, Currency = currency,
    };
}
