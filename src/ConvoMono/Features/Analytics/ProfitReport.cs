using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Analytics.Expenses;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Calls.Admin;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics;

/// <summary>Which days (UTC, both ends included; default: the current month) and how to group them.</summary>
public sealed record ProfitReportQuery : IValidatableObject
{
    public const int MaxDays = 366;
    public static readonly string[] Groupings = ["client", "campaign", "day"];

    [FromQuery(Name = "from")] public DateOnly? From { get; init; }
    [FromQuery(Name = "to")] public DateOnly? To { get; init; }
    /// <summary><c>client</c> (default), <c>campaign</c> or <c>day</c>.</summary>
    [FromQuery(Name = "group_by")] public string? GroupBy { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (GroupBy is not null && !Groupings.Contains(GroupBy))
            yield return new ValidationResult("group_by is client, campaign or day.", ["group_by"]);
        if (From is { } from && To is { } to)
        {
            if (from > to) yield return new ValidationResult("from must not be after to.", ["from"]);
            else if (to.DayNumber - from.DayNumber + 1 > MaxDays) yield return new ValidationResult($"A report covers at most {MaxDays} days.", ["to"]);
        }
    }

    public (DateOnly From, DateOnly To) Range(DateOnly today)
    {
        var from = From ?? (To is { } end ? new DateOnly(end.Year, end.Month, 1) : new DateOnly(today.Year, today.Month, 1));
        var to = To ?? (From is null ? from.AddMonths(1).AddDays(-1) : from.AddMonths(1).AddDays(-1));
        return (from, to);
    }
}

/// <summary>One group of the profit report. Revenue is in <see cref="Currency"/> (the client's); Retell cost and number
/// cost are in US dollars (what the operator pays). Profit and margin exist only for clients billed in US dollars.</summary>
public sealed record ProfitRowDto(
    string Key, Guid? ClientId, string? ClientName, Guid? CampaignId, string? CampaignName, DateOnly? Day, string Currency,
    long Calls, long BilledSeconds, decimal Revenue, decimal RetellCost, decimal NumberCost, decimal? Profit, double? Margin);

/// <summary>Sums over the clients billed in US dollars (the profit the operator can add up), and, per other currency,
/// what those clients brought in and cost (no profit: revenue and cost are in different currencies). Net profit takes the
/// operational expenses accrued over the days (whichever the grouping) off the profit.</summary>
public sealed record ProfitTotalsDto(
    string Currency, long Calls, long BilledSeconds, decimal Revenue, decimal RetellCost, decimal NumberCost, decimal Profit, double? Margin,
    IReadOnlyList<ProfitOtherCurrencyDto> OtherCurrencies, decimal OperationalExpenses, decimal NetProfit, double? NetMargin,
    IReadOnlyList<ProfitExpenseDto> Expenses);

/// <summary>What one operational expense costs over the report's days (US dollars).</summary>
public sealed record ProfitExpenseDto(Guid Id, string Name, decimal MonthlyAmount, decimal Amount);

public sealed record ProfitOtherCurrencyDto(string Currency, long Calls, long BilledSeconds, decimal Revenue, decimal RetellCost, decimal NumberCost);

public sealed record ProfitReportDto(DateOnly From, DateOnly To, string GroupBy, IReadOnlyList<ProfitRowDto> Rows, ProfitTotalsDto Totals);

/// <summary>The operator's profit over a range of UTC days: revenue (what clients were billed), Retell's cost and the
/// phone numbers' cost (accrued per day while assigned), from the daily call rollup — never a scan of the calls.</summary>
public sealed class ProfitReportHandler(TenantDbFactory tenants, TimeProvider clock)
{
    public const string Usd = CallProfit.CostCurrency;

    public async Task<ProfitReportDto> HandleAsync(ProfitReportQuery query, CancellationToken ct)
    {
        var (from, to) = query.Range(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var groupBy = query.GroupBy ?? "client";
        await using var db = tenants.Platform();
        var stats = db.CallDayStats.IgnoreQueryFilters().AsNoTracking().Where(s => s.Day >= from && s.Day <= to);
        // Summed by the database, grouped as asked (the rollup has one row per client, campaign and day).
        var sums = groupBy switch
        {
            "campaign" => await stats.GroupBy(s => new { s.TenantId, s.CampaignId })
                .Select(g => new Sum(g.Key.TenantId, g.Key.CampaignId, DateOnly.MinValue, g.Sum(s => s.Calls), g.Sum(s => s.BilledSeconds),
                    g.Sum(s => s.BilledMicros), g.Sum(s => s.RetellCostMicros))).ToListAsync(ct),
            "day" => await stats.GroupBy(s => new { s.TenantId, s.Day })
                .Select(g => new Sum(g.Key.TenantId, Guid.Empty, g.Key.Day, g.Sum(s => s.Calls), g.Sum(s => s.BilledSeconds),
                    g.Sum(s => s.BilledMicros), g.Sum(s => s.RetellCostMicros))).ToListAsync(ct),
            _ => await stats.GroupBy(s => s.TenantId)
                .Select(g => new Sum(g.Key, Guid.Empty, DateOnly.MinValue, g.Sum(s => s.Calls), g.Sum(s => s.BilledSeconds),
                    g.Sum(s => s.BilledMicros), g.Sum(s => s.RetellCostMicros))).ToListAsync(ct),
        };
        var clients = await db.Clients.AsNoTracking().Select(c => new { c.Id, c.Name, c.Currency }).ToDictionaryAsync(c => c.Id, ct);
        var campaignIds = sums.Select(s => s.CampaignId).Where(id => id != Guid.Empty).Distinct().ToList();
        var campaigns = campaignIds.Count == 0 ? [] : await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => campaignIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var numberCosts = await NumberCostsAsync(db, from, to, groupBy == "day", clock.GetUtcNow().UtcDateTime, ct);

        string CurrencyOf(Guid tenant) => clients.TryGetValue(tenant, out var c) ? c.Currency : Usd;
        var rows = new List<ProfitRowDto>();
        switch (groupBy)
        {
            case "client":
                foreach (var tenant in sums.Select(s => s.TenantId).Union(numberCosts.Keys.Select(k => k.Tenant)).Distinct())
                {
                    var s = sums.Where(x => x.TenantId == tenant).ToList();
                    rows.Add(Row(tenant.ToString(), tenant, null, null, CurrencyOf(tenant), s, numberCosts.Where(n => n.Key.Tenant == tenant).Sum(n => n.Value)));
                }
                break;
            case "campaign":
                foreach (var s in sums)
                    rows.Add(Row(s.CampaignId.ToString(), s.TenantId, s.CampaignId, null, CurrencyOf(s.TenantId), [s], 0));
                // Numbers belong to clients, not campaigns: one line per client for them.
                foreach (var (key, cost) in numberCosts)
                    rows.Add(Row("numbers:" + key.Tenant, key.Tenant, null, null, CurrencyOf(key.Tenant), [], cost));
                break;
            default:
                // Per day and currency: a day's US-dollar clients make one row, each other currency another.
                var days = sums.Select(x => (x.Day, Currency: CurrencyOf(x.TenantId)))
                    .Union(numberCosts.Keys.Select(k => (k.Day, Currency: CurrencyOf(k.Tenant)))).Distinct()
                    .OrderBy(d => d.Day).ThenBy(d => d.Currency != Usd).ThenBy(d => d.Currency);
                foreach (var (day, currency) in days)
                    rows.Add(Row($"{day:yyyy-MM-dd}" + (currency == Usd ? "" : ":" + currency), null, null, day, currency,
                        sums.Where(x => x.Day == day && CurrencyOf(x.TenantId) == currency).ToList(),
                        numberCosts.Where(n => n.Key.Day == day && CurrencyOf(n.Key.Tenant) == currency).Sum(n => n.Value)));
                break;
        }

        rows = rows.Select(r => r with
        {
            ClientName = r.ClientId is { } c && clients.TryGetValue(c, out var client) ? client.Name : r.ClientName,
            CampaignName = r.CampaignId is { } id ? campaigns.GetValueOrDefault(id) : r.Key.StartsWith("numbers:", StringComparison.Ordinal) ? "Phone numbers" : null,
        }).ToList();
        rows = groupBy == "day" ? rows : rows.OrderByDescending(r => r.Currency == Usd).ThenByDescending(r => r.Revenue).ThenBy(r => r.ClientName).ToList();

        var usd = rows.Where(r => r.Currency == Usd).ToList();
        var revenue = usd.Sum(r => r.Revenue);
        var profit = usd.Sum(r => r.Profit ?? 0);
        var others = rows.Where(r => r.Currency != Usd).GroupBy(r => r.Currency).OrderBy(g => g.Key)
            .Select(g => new ProfitOtherCurrencyDto(g.Key, g.Sum(r => r.Calls), g.Sum(r => r.BilledSeconds), g.Sum(r => r.Revenue), g.Sum(r => r.RetellCost), g.Sum(r => r.NumberCost)))
            .ToList();
        var expenses = (await ListExpensesHandler.AccruedAsync(db, from, to, ct))
            .Select(x => new ProfitExpenseDto(x.Expense.Id, x.Expense.Name, x.Expense.MonthlyAmount, x.Amount)).ToList();
        var operational = expenses.Sum(e => e.Amount);
        var totals = new ProfitTotalsDto(Usd, usd.Sum(r => r.Calls), usd.Sum(r => r.BilledSeconds), revenue, usd.Sum(r => r.RetellCost), usd.Sum(r => r.NumberCost),
            profit, Margin(profit, revenue), others, operational, profit - operational, Margin(profit - operational, revenue), expenses);
        return new ProfitReportDto(from, to, groupBy, rows, totals);
    }

    private static ProfitRowDto Row(string key, Guid? tenant, Guid? campaign, DateOnly? day, string currency, IReadOnlyList<Sum> sums, decimal numberCost)
    {
        var revenue = CallDayStat.Money(sums.Sum(s => s.BilledMicros));
        var retell = CallDayStat.Money(sums.Sum(s => s.RetellCostMicros));
        numberCost = Math.Round(numberCost, 6, MidpointRounding.AwayFromZero);
        decimal? profit = currency == Usd ? revenue - retell - numberCost : null;
        return new ProfitRowDto(key, tenant, null, campaign, null, day, currency, sums.Sum(s => s.Calls), sums.Sum(s => s.BilledSeconds), revenue, retell, numberCost,
            profit, profit is { } p ? Margin(p, revenue) : null);
    }

    private static double? Margin(decimal profit, decimal revenue) => revenue == 0 ? null : Math.Round((double)(profit / revenue), 4);

    /// <summary>What the numbers assigned to each client cost over the range (US dollars), per client, or per client and
    /// day: each assignment accrues its monthly cost by the second while it lasts (an open one, until now).</summary>
    private static async Task<Dictionary<(Guid Tenant, DateOnly Day), decimal>> NumberCostsAsync(AppDbContext db, DateOnly from, DateOnly to, bool perDay,
        DateTime now, CancellationToken ct)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var assignments = await db.PhoneNumberAssignments.AsNoTracking().Where(a => a.FromAt < end && (a.ToAt == null || a.ToAt > start)).ToListAsync(ct);
        var costs = new Dictionary<(Guid, DateOnly), decimal>();
        foreach (var a in assignments)
        {
            if (perDay)
                for (var day = from; day <= to; day = day.AddDays(1))
                {
                    var dayStart = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    var cost = NumberCost.Accrued(a.MonthlyCost, a.FromAt, a.ToAt ?? (now < end ? now : end), dayStart, dayStart.AddDays(1));
                    if (cost != 0) costs[(a.ClientId, day)] = costs.GetValueOrDefault((a.ClientId, day)) + cost;
                }
            else
            {
                var cost = NumberCost.Accrued(a.MonthlyCost, a.FromAt, a.ToAt ?? (now < end ? now : end), start, end);
                if (cost != 0) costs[(a.ClientId, DateOnly.MinValue)] = costs.GetValueOrDefault((a.ClientId, DateOnly.MinValue)) + cost;
            }
        }
        return costs;
    }

    private sealed record Sum(Guid TenantId, Guid CampaignId, DateOnly Day, long Calls, long BilledSeconds, long BilledMicros, long RetellCostMicros);
}
