using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Credits;

public enum CreditEntryKind { Grant, Adjust, Reserve, Consume, Release }

/// <summary>One line of a client's append-only credit ledger, in whole seconds (signed).</summary>
public sealed class CreditEntry : ITenantOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public CreditEntryKind Kind { get; private set; }
    public long Seconds { get; private set; }
    public string? Reason { get; private set; }
    public Guid? CampaignId { get; private set; }
    public Guid? CallId { get; private set; }
    public decimal? AmountPaid { get; private set; }
    public string? Currency { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }

    private CreditEntry() { }

    public static CreditEntry Grant(Guid tenantId, long seconds, decimal? amountPaid, string currency, string? reason, string? createdBy, DateTime now)
    {
        if (seconds <= 0) throw new DomainException("credits.invalid_amount", "A grant must add a positive number of minutes.", field: "minutes");
        if (amountPaid < 0) throw new DomainException("credits.invalid_amount_paid", "The amount paid cannot be negative.", field: "amount_paid");
        return new CreditEntry
        {
            TenantId = tenantId, Kind = CreditEntryKind.Grant, Seconds = seconds, AmountPaid = amountPaid,
            Currency = amountPaid is null ? null : currency, Reason = reason, CreatedBy = createdBy, CreatedAt = now,
        };
    }
}
