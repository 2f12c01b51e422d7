using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConvoMono.Features.Analytics.Ops;

public sealed partial class KpiPanel
{
    [Inject] private KpisHandler Kpis { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private KpisDto? _kpis;
    private bool _loading;
    private DateRange _range = new();
    private string _selected = "kpi-conversion";
    private List<Card> _cards = [];
    private LineChartOptions _trendOptions = new();
    private readonly BarChartOptions _trendBars = new() { ShowLegend = false };

    /// <summary>A KPI and its trend: <see cref="Labels"/> name the points (days or months) of <see cref="Trend"/>. The full
    /// chart shows the trend in <see cref="Unit"/> (percent, cents or minutes: its axis ticks are whole numbers).</summary>
    private sealed record Card(string Id, string Label, string Value, string Detail, string Icon, (string Label, double Value)[] Points, string Unit,
        bool Monthly = false)
    {
        public double[] Trend { get; } = Points.Select(p => p.Value).ToArray();
        public string[] Labels { get; } = Thin(Points.Select(p => p.Label).ToArray());
        public List<ChartSeries<double>> Series { get; } = [new() { Name = Label, Data = Points.Select(p => p.Value).ToArray() }];
    }

    /// <summary>A round whole tick spacing (1, 2 or 5 × 10ⁿ) that shows the highest value in about four steps.</summary>
    private static double TickStep(double max)
    {
        var raw = Math.Max(1, max / 4);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(step => step >= raw);
    }

    /// <summary>About eight labels along an axis, the last one always.</summary>
    private static string[] Thin(string[] labels)
    {
        var step = Math.Max(1, labels.Length / 8);
        return labels.Select((l, i) => i % step == 0 || i == labels.Length - 1 ? l : "").ToArray();
    }

    protected override async Task OnInitializedAsync() => await PresetAsync(30);

    private async Task PresetAsync(int days)
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        _range = new DateRange(today.AddDays(1 - days).ToDateTime(TimeOnly.MinValue), today.ToDateTime(TimeOnly.MinValue));
        await LoadAsync();
    }

    private async Task RangeChangedAsync(DateRange range)
    {
        _range = range;
        if (range.Start is not null && range.End is not null) await LoadAsync();
    }

    private void Select(string id)
    {
        _selected = id;
        if (_cards.FirstOrDefault(c => c.Id == id) is not { } card) return;
        var step = TickStep(card.Trend.DefaultIfEmpty(0).Max());
        _trendOptions = new LineChartOptions
        {
            ShowLegend = false, YAxisRequireZeroPoint = true, YAxisTicks = (int)step, YAxisSuggestedMax = step * 4,
            YAxisToStringFunc = v => v.ToString("0.#", CultureInfo.InvariantCulture) + card.Unit,
        };
    }

    private async Task LoadAsync()
    {
        _loading = true;
        var k = await Kpis.HandleAsync(new KpiQuery
        {
            From = _range.Start is { } s ? DateOnly.FromDateTime(s) : null, To = _range.End is { } e ? DateOnly.FromDateTime(e) : null,
        }, default);
        _loading = false;
        _kpis = k;
        static string Day(KpiDayDto d) => d.Day.ToString("MMM d", CultureInfo.InvariantCulture);
        // Volumes: every day, quiet ones at zero. Rates and costs: only the days that have one (a quiet day has no rate).
        (string, double)[] Daily(Func<KpiDayDto, double> pick) => k.Days.Select(d => (Day(d), pick(d))).ToArray();
        (string, double)[] Rate(Func<KpiDayDto, double?> pick) => k.Days.Where(d => pick(d) is not null).Select(d => (Day(d), pick(d)!.Value)).ToArray();
        _cards =
        [
            new("kpi-conversion", "Conversion (of connected)", Percent(k.ConversionRate), $"{k.Converted:N0} of {k.Connected:N0} connected calls",
                Icons.Material.Filled.TrendingUp, Rate(d => d.ConversionRate * 100), "%"),
            new("kpi-success", "Call success (connected / dialed)", Percent(k.SuccessRate), $"{k.Connected:N0} of {k.Calls:N0} calls",
                Icons.Material.Filled.PhoneCallback, Rate(d => d.SuccessRate * 100), "%"),
            new("kpi-quality", "Call quality (positive sentiment)", Percent(k.PositiveShare), $"Retell's success: {Percent(k.SuccessfulShare)} of analyzed calls",
                Icons.Material.Filled.SentimentSatisfied, Rate(d => d.PositiveShare * 100), "%"),
            new("kpi-margin", "Profit margin (USD clients)", Percent(k.Margin), "After Retell and number costs",
                Icons.Material.Filled.Savings, Rate(d => d.Margin * 100), "%"),
            new("kpi-cost-call", "Retell cost per call", Usd(k.CostPerCall), "Calls whose cost Retell reported",
                Icons.Material.Filled.Receipt, Rate(d => (double?)(d.CostPerCall * 100)), "¢"),
            new("kpi-cost-minute", "Retell cost per connected minute", Usd(k.CostPerMinute), "Cost over connected time",
                Icons.Material.Filled.PriceChange, Rate(d => (double?)(d.CostPerMinute * 100)), "¢"),
            new("kpi-usage", "Usage: minutes billed", k.MinutesUsed.ToString("N0", CultureInfo.InvariantCulture), $"{k.Calls:N0} calls",
                Icons.Material.Filled.CallMade, Daily(d => (double)d.MinutesUsed), " min"),
            new("kpi-retention", "Client retention (month on month)", Percent(k.Retention),
                $"{k.RetainedClients} of {k.PreviousMonthClients} clients of {k.Months[^1].Month.AddMonths(-1):MMMM} came back",
                Icons.Material.Filled.Loyalty, k.Months.Where(m => m.Retention is not null)
                    .Select(m => (m.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture), m.Retention!.Value * 100)).ToArray(), "%", Monthly: true),
        ];
        Select(_selected);
    }

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Usd(decimal? amount) => amount is { } a ? "$" + a.ToString("0.0000", CultureInfo.InvariantCulture) : "—";
}
