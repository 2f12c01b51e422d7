namespace ConvoMono.Features.Credits;

public sealed record CreditBalanceDto(
    long BalanceSeconds, long HeldSeconds, long AvailableSeconds,
    decimal BalanceMinutes, decimal HeldMinutes, decimal AvailableMinutes,
    long LowBalanceThresholdSeconds, bool LowBalance)
{
    public static CreditBalanceDto From(long balance, long held, long threshold) => new(
        balance, held, balance - held, Pricing.Minutes(balance), Pricing.Minutes(held), Pricing.Minutes(balance - held),
        threshold, balance - held < threshold);
}

public sealed record CreditEntryDto(
    Guid Id, CreditEntryKind Kind, long Seconds, decimal Minutes, string? Reason, Guid? CampaignId, Guid? CallId, string? RetellCallId,
    decimal? AmountPaid, decimal? BilledAmount, string? Currency, DateTime CreatedAt, string? CreatedBy);

public sealed record HoldResult(Guid HoldId, string Key, long Seconds, bool FromReservation, bool AlreadyPlaced);

public sealed record HoldRequest(string Key, long Seconds);

public sealed record SettleRequest(string HoldKey, string? RetellCallId, long ConnectedSeconds);

public sealed record SettleResult(string HoldKey, string? RetellCallId, long BillableSeconds, decimal BilledAmount, string Currency, bool AlreadySettled);

public static class CreditMapping
{
    public static CreditEntryDto ToDto(this CreditEntry e) => new(e.Id, e.Kind, e.Seconds, Pricing.Minutes(e.Seconds), e.Reason,
        e.CampaignId, e.CallId, e.RetellCallId, e.AmountPaid, e.BilledAmount, e.Currency, e.CreatedAt, e.CreatedBy);
}
