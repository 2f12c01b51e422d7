using System.Globalization;
using ConvoMono.Components.Shared;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConvoMono.Features.Launch;

/// <summary>One campaign while it calls: progress, results, calls in progress, recent outcomes and credit, refreshed
/// from live events at most once a second.</summary>
public sealed partial class LiveMonitorPage : IAsyncDisposable
{
    [Parameter] public Guid Id { get; set; }

    [Inject] private LiveMonitorHandler Monitor { get; set; } = default!;
    [Inject] private TenantContext Tenant { get; set; } = default!;
    [Inject] private LiveNotifier Live { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private LiveMonitorDto? _monitor;
    private bool _notFound;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private LineChartOptions ChartOptions { get; set; } = new();
    private IDisposable? _subscription;
    private LiveRefresh? _refresh;
    private PeriodicTimer? _ticker;
    private Task? _ticking;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (_subscription is not null) return;
        _refresh = new LiveRefresh(TimeSpan.FromSeconds(1), () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
        _subscription = Live.Subscribe(Tenant.TenantId, platform: false,
            e => CampaignLiveEvents.Concerns(e, Id) ? _refresh.Request() : Task.CompletedTask);
        // The "since" column ages between events.
        _ticker = new PeriodicTimer(TimeSpan.FromSeconds(5), Clock);
        _ticking = TickAsync(_ticker);
    }

    private async Task TickAsync(PeriodicTimer ticker)
    {
        try
        {
            while (await ticker.WaitForNextTickAsync())
                if (_monitor is { InProgress.Count: > 0 }) await InvokeAsync(StateHasChanged);
        }
        catch (ObjectDisposedException) { } // the circuit went away between a tick and its render
    }

    private async Task LoadAsync()
    {
        _monitor = await Monitor.HandleAsync(Id, default);
        _notFound = _monitor is null;
        if (_monitor is null) return;
        _breadcrumbs =
        [
            new("Campaigns", "/app/campaigns"), new(_monitor.Campaign.Name, $"/app/campaigns/{Id}"), new("Live monitor", null, disabled: true),
        ];
        var points = _monitor.BurnDown;
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 8.0));
        _labels = points.Select((p, i) => i % every == 0 || i == points.Count - 1
            ? LaunchTimes.Local(p.At, _monitor.TimeZone).ToString("HH:mm", CultureInfo.InvariantCulture) : "").ToArray();
        _series = [new ChartSeries<double> { Name = "Minutes billed", Data = points.Select(p => (double)p.BilledMinutes).ToArray() }];
        var step = TickStep(points.Count == 0 ? 0 : (double)points[^1].BilledMinutes);
        ChartOptions = new LineChartOptions
        {
            ShowLegend = false, YAxisRequireZeroPoint = true, YAxisTicks = (int)step, YAxisSuggestedMax = step * 4,
            YAxisToStringFunc = v => v.ToString("0.#", CultureInfo.InvariantCulture) + " min",
        };
    }

    private async Task ChangedAsync(CampaignDto campaign) => await LoadAsync();

    private void OpenCall(TableRowClickEventArgs<EndedCallDto> row)
    {
        if (row.Item is { } call) Navigation.NavigateTo($"/app/calls/{call.Id}");
    }

    /// <summary>A round tick spacing (1, 2 or 5 × 10ⁿ minutes) that shows the total in about four steps.</summary>
    internal static double TickStep(double max)
    {
        var raw = Math.Max(1, max / 4);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(step => step >= raw);
    }

    /// <summary>0..1 as "33.3%", the same whatever the server's culture.</summary>
    internal static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Progress in whole percent, rounded down: 100% only when every lead is done.</summary>
    internal static string ProgressPercent(double progress) => Math.Floor(progress * 100 + 1e-9).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Money(decimal amount, string currency) => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {currency}";

    private static string LiveStatus(CallStatus status) => status switch
    {
        CallStatus.Dispatching => "Sending",
        CallStatus.Queued => "Queued",
        CallStatus.Registered => "Dialing",
        CallStatus.Ongoing => "On the call",
        _ => status.ToString(),
    };

    private static string OutcomeText(CallOutcome? outcome) => outcome switch
    {
        CallOutcome.Converted => "Converted",
        CallOutcome.NotConverted => "Not converted",
        CallOutcome.NoAnswer => "No answer",
        CallOutcome.Busy => "Busy",
        CallOutcome.Voicemail => "Voicemail",
        CallOutcome.Failed => "Failed",
        _ => "Analysing…",
    };

    private static Color OutcomeColor(CallOutcome? outcome) => outcome switch
    {
        CallOutcome.Converted => Color.Success,
        CallOutcome.NotConverted => Color.Default,
        CallOutcome.NoAnswer or CallOutcome.Busy => Color.Warning,
        CallOutcome.Voicemail => Color.Info,
        CallOutcome.Failed => Color.Error,
        _ => Color.Default,
    };

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
        _ticker?.Dispose();
        if (_ticking is not null) await _ticking;
    }
}
