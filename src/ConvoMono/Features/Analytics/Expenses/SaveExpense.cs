using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics.Expenses;

/// <summary>An operational expense as the admin enters it: months are <c>YYYY-MM</c>; no last month means it goes on.</summary>
public sealed record SaveExpenseRequest : IValidatableObject
{
    [Required, StringLength(100, MinimumLength = 1)] public string Name { get; set; } = "";
    [Display(Name = "Monthly amount"), Range(typeof(decimal), "0.01", "10000000")] public decimal MonthlyAmount { get; set; }
    [Display(Name = "First month"), Required] public string FirstMonth { get; set; } = "";
    [Display(Name = "Last month")] public string? LastMonth { get; set; }
    [StringLength(500)] public string? Note { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (decimal.Round(MonthlyAmount, 2) != MonthlyAmount) yield return new ValidationResult("Use whole cents.", [nameof(MonthlyAmount)]);
        if (!TryMonth(FirstMonth, out var first)) yield return new ValidationResult("Use a month as YYYY-MM, e.g. 2026-11.", [nameof(FirstMonth)]);
        if (!string.IsNullOrEmpty(LastMonth))
        {
            if (!TryMonth(LastMonth, out var last)) yield return new ValidationResult("Use a month as YYYY-MM, e.g. 2026-12.", [nameof(LastMonth)]);
            else if (first != default && last < first) yield return new ValidationResult("The last month must not be before the first month.", [nameof(LastMonth)]);
        }
    }

    public static bool TryMonth(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month) && month.Year is >= 2000 and <= 2200;

    internal (DateOnly First, DateOnly? Last) Months() =>
        (TryMonth(FirstMonth, out var first) ? first : throw new ValidationException("first_month"),
         TryMonth(LastMonth, out var last) ? last : null);
}

public sealed class SaveExpenseHandler(IDbContextFactory<AppDbContext> dbs, TenantContext actor, TimeProvider clock)
{
    public async Task<OperationalExpenseDto> CreateAsync(SaveExpenseRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (first, last) = request.Months();
        var expense = OperationalExpense.Create(request.Name, request.MonthlyAmount, first, last, request.Note, now);
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.OperationalExpenses.Add(expense);
        db.AuditEntries.Add(AuditEntry.Record(actor, "expense.created", "operational_expense", expense.Id, null, null, expense.ToDto(), now));
        await db.SaveChangesAsync(ct);
        return expense.ToDto();
    }

    public async Task<OperationalExpenseDto?> UpdateAsync(Guid id, SaveExpenseRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (first, last) = request.Months();
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.OperationalExpenses.FirstOrDefaultAsync(e => e.Id == id, ct) is not { } expense) return null;
        var before = expense.ToDto();
        expense.Change(request.Name, request.MonthlyAmount, first, last, request.Note, now);
        if (expense.ToDto() with { UpdatedAt = before.UpdatedAt } == before) return before;
        db.AuditEntries.Add(AuditEntry.Record(actor, "expense.updated", "operational_expense", id, null, before, expense.ToDto(), now));
        await db.SaveChangesAsync(ct);
        return expense.ToDto();
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.OperationalExpenses.FirstOrDefaultAsync(e => e.Id == id, ct) is not { } expense) return false;
        db.OperationalExpenses.Remove(expense);
        db.AuditEntries.Add(AuditEntry.Record(actor, "expense.deleted", "operational_expense", id, null, expense.ToDto(), null, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return true;
    }
}

public sealed class ListExpensesHandler(IDbContextFactory<AppDbContext> dbs)
{
    /// <summary>Every expense, the ones still running first, then by first month (newest first) and name.</summary>
    public async Task<IReadOnlyList<OperationalExpenseDto>> HandleAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var all = await db.OperationalExpenses.AsNoTracking().ToListAsync(ct);
        return all.OrderBy(e => e.LastMonth is not null).ThenByDescending(e => e.FirstMonth).ThenBy(e => e.Name).Select(e => e.ToDto()).ToList();
    }

    /// <summary>What the expenses cost over the whole month of <paramref name="day"/> (US dollars).</summary>
    public async Task<decimal> MonthTotalAsync(DateOnly day, CancellationToken ct)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await AccruedAsync(db, first, first.AddMonths(1).AddDays(-1), ct)).Sum(x => x.Amount);
    }

    /// <summary>What each expense that touches the days costs over them (US dollars), largest first.</summary>
    internal static async Task<IReadOnlyList<(OperationalExpense Expense, decimal Amount)>> AccruedAsync(AppDbContext db, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var last = new DateOnly(to.Year, to.Month, 1);
        var start = new DateOnly(from.Year, from.Month, 1);
        var expenses = await db.OperationalExpenses.AsNoTracking().Where(e => e.FirstMonth <= last && (e.LastMonth == null || e.LastMonth >= start)).ToListAsync(ct);
        return expenses.Select(e => (e, e.AccruedBetween(from, to))).Where(x => x.Item2 != 0).OrderByDescending(x => x.Item2).ThenBy(x => x.e.Name).ToList();
    }
}
