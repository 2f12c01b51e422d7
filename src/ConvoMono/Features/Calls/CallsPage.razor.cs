using ConvoMono.Components.Shared;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConvoMono.Features.Calls;

/// <summary>The client's calls. The filters live in the address (<c>?campaign_id=&amp;outcome=&amp;status=&amp;from=&amp;to=</c>, the
/// API's names; <c>from</c>/<c>to</c> are days, both included), so other pages can link to a filtered list and going back
/// from a call keeps them.</summary>
public sealed partial class CallsPage : IDisposable
{
    private const int PageSize = 25;

    [Inject] private ListCallsHandler Calls { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private TenantContext Tenant { get; set; } = default!;
    [Inject] private LiveNotifier Live { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "campaign_id")] public Guid? CampaignId { get; set; }
    [SupplyParameterFromQuery(Name = "outcome")] public string? Outcome { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public DateTime? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public DateTime? To { get; set; }

    private IReadOnlyList<CallCampaignChoice> _campaigns = [];
    private Page<CallListItemDto>? _page;
    private string? _cursor;
    private readonly Stack<string?> _cursors = new();
    private IDisposable? _subscription;
    private LiveRefresh? _refresh;

    private CallOutcome? OutcomeValue => CallNames.Parse<CallOutcome>(Outcome);
    private CallStatus? StatusValue => CallNames.Parse<CallStatus>(Status);
    private DateRange? Dates => From is null && To is null ? null : new DateRange(From, To);
    /// <summary>The CSV of the calls in view (campaign and days; status and outcome are not export filters).</summary>
    private string ExportUrl => "/api/v1/calls/export?" + string.Join("&", new[]
    {
        CampaignId is { } c ? $"campaign_id={c}" : null,
        From?.Date is { } f ? $"from={f:yyyy-MM-dd}" : null,
        To?.Date is { } t ? $"to={t.AddDays(1):yyyy-MM-dd}" : null,
    }.Where(p => p is not null));

    private bool Filtered => CampaignId is not null || OutcomeValue is not null || StatusValue is not null || From is not null || To is not null;

    protected override async Task OnInitializedAsync()
    {
        _campaigns = await Calls.CampaignsAsync(default);
        _refresh = new LiveRefresh(TimeSpan.FromSeconds(1), () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
        _subscription = Live.Subscribe(Tenant.TenantId, platform: false, e => e.Type == CallTracker.ChangedEvent ? _refresh.Request() : Task.CompletedTask);
    }

    protected override async Task OnParametersSetAsync()
    {
        _cursors.Clear();
        _cursor = null;
        await LoadAsync();
    }

    private async Task LoadAsync() =>
        _page = await Calls.HandleAsync(new ListCallsQuery
        {
            CampaignId = CampaignId,
            Outcome = OutcomeValue is { } o ? CallNames.Of(o) : null,
            Status = StatusValue is { } s ? CallNames.Of(s) : null,
            From = From?.Date is { } from ? CallFilters.Utc(from) : null,
            To = To?.Date is { } to ? CallFilters.Utc(to.AddDays(1)) : null,
        }, new PageQuery { Limit = PageSize, Cursor = _cursor }, default);

    private void CampaignChanged(Guid? campaign) => Navigate(Nav.GetUriWithQueryParameter("campaign_id", campaign));

    private void OutcomeChanged(CallOutcome? outcome) => Navigate(Nav.GetUriWithQueryParameter("outcome", outcome is { } o ? CallNames.Of(o) : null));

    private void StatusChanged(CallStatus? status) => Navigate(Nav.GetUriWithQueryParameter("status", status is { } s ? CallNames.Of(s) : null));

    private void DatesChanged(DateRange? range) => Navigate(Nav.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["from"] = range?.Start?.ToString("yyyy-MM-dd"),
        ["to"] = range?.End?.ToString("yyyy-MM-dd"),
    }));

    private void Navigate(string uri) => Nav.NavigateTo(uri, replace: true);

    private void Clear() => Navigate("/app/calls");

    private void Open(CallListItemDto? call)
    {
        if (call is not null) Nav.NavigateTo($"/app/calls/{call.Id}");
    }

    private async Task NextAsync() { _cursors.Push(_cursor); _cursor = _page?.NextCursor; await LoadAsync(); }
    private async Task PreviousAsync() { _cursor = _cursors.Pop(); await LoadAsync(); }

    public void Dispose()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
    }
}
