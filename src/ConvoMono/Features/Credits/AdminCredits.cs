using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Credits;

public sealed record AddCreditsRequest : IValidatableObject
{
    /// <summary>Whole minutes; positive for a grant, signed for an adjustment.</summary>
    [Display(Name = "Minutes"), Range(-10_000_000, 10_000_000)] public int Minutes { get; set; }
    /// <summary><c>grant</c> or <c>adjust</c>.</summary>
    [Display(Name = "Kind"), Required, AllowedValues("grant", "adjust", ErrorMessage = "The kind must be grant or adjust.")] public string Kind { get; set; } = "grant";
    [Display(Name = "Reason"), StringLength(1000)] public string? Reason { get; set; }
    [Display(Name = "Amount paid"), Range(typeof(decimal), "0", "100000000")] public decimal? AmountPaid { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Kind == "grant" && Minutes <= 0) yield return new("A grant must add at least one minute.", [nameof(Minutes)]);
        if (Kind == "adjust" && Minutes == 0) yield return new("An adjustment must change the balance.", [nameof(Minutes)]);
        if (Kind == "adjust" && string.IsNullOrWhiteSpace(Reason)) yield return new("An adjustment needs a reason.", [nameof(Reason)]);
        if (Kind == "adjust" && AmountPaid is not null) yield return new("Only a grant records an amount paid.", [nameof(AmountPaid)]);
    }
}

public sealed record SetLowBalanceThresholdRequest
{
    [Display(Name = "Minutes"), Range(0, 1_000_000)] public int Minutes { get; set; }
}

/// <summary>The super admin's credit operations on any client (404 for a client that does not exist).</summary>
public sealed class AdminCreditsHandler(CreditLedger ledger, IDbContextFactory<AppDbContext> dbs, TenantContext actor)
{
    public async Task<CreditEntryDto?> AddAsync(Guid clientId, AddCreditsRequest request, CancellationToken ct)
    {
        if (!await ExistsAsync(clientId, ct)) return null;
        var seconds = request.Minutes * 60L;
        return request.Kind == "grant"
            ? await ledger.GrantAsync(clientId, seconds, request.AmountPaid, request.Reason, actor, ct)
            : await ledger.AdjustAsync(clientId, seconds, request.Reason, actor, ct);
    }

    public async Task<CreditBalanceDto?> BalanceAsync(Guid clientId, CancellationToken ct) =>
        await ExistsAsync(clientId, ct) ? await ledger.GetBalanceAsync(clientId, ct) : null;

    public async Task<bool> SetThresholdAsync(Guid clientId, SetLowBalanceThresholdRequest request, CancellationToken ct)
    {
        if (!await ExistsAsync(clientId, ct)) return false;
        await ledger.SetLowBalanceThresholdAsync(clientId, request.Minutes * 60L, actor, ct);
        return true;
    }

    public async Task<bool> ExistsAsync(Guid clientId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Clients.AnyAsync(c => c.Id == clientId, ct);
    }
}
