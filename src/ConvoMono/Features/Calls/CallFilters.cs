using ConvoMono.Infrastructure.Http;

namespace ConvoMono.Features.Calls;

/// <summary>The filters the client's and the admin's call lists share, and their order: newest first by the call's
/// version-7 id, which is also the cursor.</summary>
public static class CallFilters
{
    public static IQueryable<Call> Filter(this IQueryable<Call> calls, Guid? campaignId, string? status, string? outcome,
        DateTime? from, DateTime? to, PageQuery page)
    {
        if (campaignId is { } campaign) calls = calls.Where(c => c.CampaignId == campaign);
        if (CallNames.Parse<CallStatus>(status) is { } s) calls = calls.Where(c => c.Status == s);
        if (CallNames.Parse<CallOutcome>(outcome) is { } o) calls = calls.Where(c => c.Outcome == o);
        if (from is { } f) { var start = Utc(f); calls = calls.Where(c => c.CreatedAt >= start); }
        if (to is { } t) { var end = Utc(t); calls = calls.Where(c => c.CreatedAt < end); }
        if (page.After is { } after) calls = calls.Where(c => c.Id.CompareTo(after) < 0);
        return calls.OrderByDescending(c => c.Id).Take(page.Take + 1);
    }

    /// <summary>API times are UTC; one without a zone (<c>2026-11-23</c>) is taken as UTC too, not as the server's local time.</summary>
    public static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

    public static IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> CheckRange(DateTime? from, DateTime? to)
    {
        if (from is { } f && to is { } t && Utc(t) <= Utc(f))
            yield return new("The end of the period must be after its start.", ["To"]);
    }
}
