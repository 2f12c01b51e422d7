using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Credits;

/// <summary>A client's running totals, changed in the same transaction as every ledger entry (tests prove it always
/// equals the ledger's sums). Conditional updates on this row are what keep available credit from going below zero
/// under any concurrency: <c>UPDATE ... SET held = held + h WHERE balance - held &gt;= h</c>.</summary>
public sealed class ClientCredit : ITenantOwned
{
    public Guid TenantId { get; set; }
    public long BalanceSeconds { get; set; }
    public long HeldSeconds { get; set; }
    public long LowBalanceThresholdSeconds { get; set; } = 30 * 60;
    public DateTime UpdatedAt { get; set; }

    public long AvailableSeconds => BalanceSeconds - HeldSeconds;
}
