using ConvoMono.Features.Credits;

namespace ConvoMono.Features.Calls.Admin;

/// <summary>A call in the super admin's view, as a row of the list: the client view (without the transcript) plus the client,
/// what Retell charged the operator and the profit. <c>retell_cost</c> and <c>cost_breakdown</c> are in US dollars
/// (<c>cost_currency</c>), as Retell bills; <c>profit</c> is <c>billed_amount − retell_cost</c>, only when the client is
/// billed in US dollars too (null otherwise, since the platform keeps no exchange rate), and null until both are known.</summary>
public sealed record AdminCallListItemDto(
    Guid Id, Guid ClientId, string? ClientName, Guid CampaignId, string? CampaignName, Guid LeadId, string? RetellCallId, string ToNumber,
    string FromNumber, CallStatus Status, CallOutcome? Outcome, int Attempt, DateTime CreatedAt, DateTime? StartedAt, DateTime? EndedAt,
    int? DurationSeconds, long? BilledSeconds, decimal? BilledAmount, string Currency, decimal? RetellCost, string CostCurrency,
    IReadOnlyList<CallProductCost> CostBreakdown, decimal? Profit, string? RecordingUrl, string? Summary, string? Sentiment, bool? Successful,
    IReadOnlyDictionary<string, string> Analysis, string? DisconnectionReason);

/// <summary>A call in the super admin's view with its transcript: see <see cref="AdminCallListItemDto"/>.</summary>
public sealed record AdminCallDto(
    Guid Id, Guid ClientId, string? ClientName, Guid CampaignId, string? CampaignName, Guid LeadId, string? RetellCallId, string ToNumber,
    string FromNumber, CallStatus Status, CallOutcome? Outcome, int Attempt, DateTime CreatedAt, DateTime? StartedAt, DateTime? EndedAt,
    int? DurationSeconds, long? BilledSeconds, decimal? BilledAmount, string Currency, decimal? RetellCost, string CostCurrency,
    IReadOnlyList<CallProductCost> CostBreakdown, decimal? Profit, string? Transcript, string? RecordingUrl, string? Summary, string? Sentiment,
    bool? Successful, IReadOnlyDictionary<string, string> Analysis, string? DisconnectionReason)
{
    /// <summary>What the client sees of this call (the admin detail page shows it the way the client does, then the costs).</summary>
    public CallDto ClientView() => new(Id, CampaignId, CampaignName, LeadId, RetellCallId, ToNumber, FromNumber, Status, Outcome, Attempt,
        CreatedAt, StartedAt, EndedAt, DurationSeconds, BilledSeconds, BilledAmount, Currency, Transcript, RecordingUrl, Summary, Sentiment,
        Successful, Analysis, DisconnectionReason);
}

public static class CallProfit
{
    /// <summary>Retell bills the operator in US dollars (<see cref="Infrastructure.Voice"/> converts its cents).</summary>
    public const string CostCurrency = "USD";

    /// <summary>Billed amount − Retell cost, when both are known and in the same currency. A client billed in another
    /// currency gets null rather than a figure that mixes currencies: the platform keeps no exchange rate.</summary>
    public static decimal? Of(string currency, decimal? billedAmount, decimal? retellCost) =>
        currency == CostCurrency && billedAmount is { } billed && retellCost is { } cost ? Pricing.Profit(billed, cost) : null;
}
