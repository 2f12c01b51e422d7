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
    private string[] _dayLabels = [];
    private string[] _monthLabels = [];
    private readonly LineChartOptions _spark = new()
    {
        ShowLegend = false, ShowToolTips = true, XAxisLines = false, YAxisLines = false, ShowDataMarkers = false, LineStrokeWidth = 2,
        YAxisToStringFunc = _ => "", MaxNumYAxisTicks = 2,
    };
    private readonly LineChartOptions _trendOptions = new() { ShowLegend = false, YAxisRequireZeroPoint = true };

    private sealed record Card(string Id, string Label, string Value, string Detail, string Icon, double[] Trend, bool Monthly)
    {
        public List<ChartSeries<double>> Series { get; } = [new() { Name = Label, Data = Trend }];
        public string[] BlankLabels { get; } = new string[Trend.Length];
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

    private void Select(string id) => _selected = id;

    private async Task LoadAsync()
    {
        _loading = true;
        var k = await Kpis.HandleAsync(new KpiQuery
        {
            From = _range.Start is { } s ? DateOnly.FromDateTime(s) : null, To = _range.End is { } e ? DateOnly.FromDateTime(e) : null,
        }, default);
        _loading = false;
        _kpis = k;
        var step = Math.Max(1, k.Days.Count / 8);
        _dayLabels = k.Days.Select((d, i) => i % step == 0 || i == k.Days.Count - 1 ? d.Day.ToString("MMM d", CultureInfo.InvariantCulture) : "").ToArray();
        _monthLabels = k.Months.Select(m => m.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture)).ToArray();
        double[] Daily(Func<KpiDayDto, double?> pick) => k.Days.Select(d => pick(d) ?? 0).ToArray();
        _cards =
        [
            new("kpi-conversion", "Conversion (of connected)", Percent(k.ConversionRate), $"{k.Converted:N0} of {k.Connected:N0} connected calls",
                Icons.Material.Filled.TrendingUp, Daily(d => d.ConversionRate * 100), false),
            new("kpi-success", "Call success (connected / dialed)", Percent(k.SuccessRate), $"{k.Connected:N0} of {k.Calls:N0} calls",
                Icons.Material.Filled.PhoneCallback, Daily(d => d.SuccessRate * 100), false),
            new("kpi-quality", "Call quality (positive sentiment)", Percent(k.PositiveShare), $"Retell's success: {Percent(k.SuccessfulShare)} of analyzed calls",
                Icons.Material.Filled.SentimentSatisfied, Daily(d => d.PositiveShare * 100), false),
            new("kpi-margin", "Profit margin (USD clients)", Percent(k.Margin), "After Retell and number costs",
                Icons.Material.Filled.Savings, Daily(d => d.Margin * 100), false),
            new("kpi-cost-call", "Retell cost per call", Usd(k.CostPerCall), "Calls whose cost Retell reported",
                Icons.Material.Filled.Receipt, Daily(d => (double?)d.CostPerCall), false),
            new("kpi-cost-minute", "Retell cost per connected minute", Usd(k.CostPerMinute), "Cost over connected time",
                Icons.Material.Filled.PriceChange, Daily(d => (double?)d.CostPerMinute), false),
            new("kpi-usage", "Usage: minutes billed", k.MinutesUsed.ToString("N0", CultureInfo.InvariantCulture), $"{k.Calls:N0} calls",
                Icons.Material.Filled.CallMade, Daily(d => (double)d.MinutesUsed), false),
            new("kpi-retention", "Client retention (month on month)", Percent(k.Retention),
                $"{k.RetainedClients} of {k.PreviousMonthClients} clients of {k.Months[^1].Month.AddMonths(-1):MMMM} came back",
                Icons.Material.Filled.Loyalty, k.Months.Select(m => (m.Retention ?? 0) * 100).ToArray(), true),
        ];
    }

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Usd(decimal? amount) => amount is { } a ? "$" + a.ToString("0.0000", CultureInfo.InvariantCulture) : "—";
}
