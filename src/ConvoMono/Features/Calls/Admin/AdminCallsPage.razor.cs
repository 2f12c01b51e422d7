using ConvoMono.Components.Shared;
using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConvoMono.Features.Calls.Admin;

/// <summary>The super admin's call explorer across clients. Filters live in the address like the client's list
/// (<c>?client_id=&amp;campaign_id=&amp;outcome=&amp;from=&amp;to=</c>; <c>from</c>/<c>to</c> are days, both included).</summary>
public sealed partial class AdminCallsPage : IDisposable
{
    private const int PageSize = 50;

    [Inject] private AdminCallsHandler Calls { get; set; } = default!;
    [Inject] private ListClientsHandler Clients { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private LiveNotifier Live { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "client_id")] public Guid? ClientId { get; set; }
    [SupplyParameterFromQuery(Name = "campaign_id")] public Guid? CampaignId { get; set; }
    [SupplyParameterFromQuery(Name = "outcome")] public string? Outcome { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public DateTime? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public DateTime? To { get; set; }

    private IReadOnlyList<ClientDto> _clients = [];
    private IReadOnlyList<CallCampaignChoice> _campaigns = [];
    private Guid? _campaignsOf;
    private Page<AdminCallListItemDto>? _page;
    private string? _cursor;
    private readonly Stack<string?> _cursors = new();
    private IDisposable? _subscription;
    private LiveRefresh? _refresh;

    private CallOutcome? OutcomeValue => CallNames.Parse<CallOutcome>(Outcome);
    private DateRange? Dates => From is null && To is null ? null : new DateRange(From, To);
    private bool Filtered => ClientId is not null || CampaignId is not null || OutcomeValue is not null || From is not null || To is not null;

    /// <summary>Sums of the page in view; profit and billed only over calls billed in USD, like the profit itself.</summary>
    private (string Billed, decimal Cost, decimal Profit) Totals
    {
        get
        {
            var rows = _page?.Data ?? [];
            var billed = rows.Where(r => r.BilledAmount is not null).GroupBy(r => r.Currency)
                .Select(g => CallFormat.Money(g.Sum(r => r.BilledAmount), g.Key));
            return (string.Join(" + ", billed.DefaultIfEmpty("—")), rows.Sum(r => r.RetellCost ?? 0), rows.Sum(r => r.Profit ?? 0));
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _clients = (await Clients.HandleAsync(new ListClientsQuery(), new PageQuery { Limit = PageQuery.MaxLimit }, default)).Data
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
        _refresh = new LiveRefresh(TimeSpan.FromSeconds(2), () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
        _subscription = Live.Subscribe(null, platform: true, e => e.Type == CallTracker.ChangedEvent ? _refresh.Request() : Task.CompletedTask);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_campaignsOf != ClientId)
        {
            _campaigns = ClientId is { } client ? await Calls.CampaignsAsync(client, default) : [];
            _campaignsOf = ClientId;
        }
        _cursors.Clear();
        _cursor = null;
        await LoadAsync();
    }

    private async Task LoadAsync() =>
        _page = await Calls.HandleAsync(new ListAdminCallsQuery
        {
            ClientId = ClientId,
            CampaignId = CampaignId,
            Outcome = OutcomeValue is { } o ? CallNames.Of(o) : null,
            From = From?.Date is { } from ? CallFilters.Utc(from) : null,
            To = To?.Date is { } to ? CallFilters.Utc(to.AddDays(1)) : null,
        }, new PageQuery { Limit = PageSize, Cursor = _cursor }, default);

    // Another client's campaign would filter to nothing: a new client clears the campaign.
    private void ClientChanged(Guid? client) => Navigate(Nav.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["client_id"] = client,
        ["campaign_id"] = null,
    }));

    private void CampaignChanged(Guid? campaign) => Navigate(Nav.GetUriWithQueryParameter("campaign_id", campaign));

    private void OutcomeChanged(CallOutcome? outcome) => Navigate(Nav.GetUriWithQueryParameter("outcome", outcome is { } o ? CallNames.Of(o) : null));

    private void DatesChanged(DateRange? range) => Navigate(Nav.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["from"] = range?.Start?.ToString("yyyy-MM-dd"),
        ["to"] = range?.End?.ToString("yyyy-MM-dd"),
    }));

    private void Navigate(string uri) => Nav.NavigateTo(uri, replace: true);

    private void Clear() => Navigate("/admin/calls");

    private void Open(AdminCallListItemDto? call)
    {
        if (call is not null) Nav.NavigateTo($"/admin/calls/{call.Id}");
    }

    private static string ProfitClass(decimal? profit) => profit < 0 ? "loss" : "";

    private async Task NextAsync() { _cursors.Push(_cursor); _cursor = _page?.NextCursor; await LoadAsync(); }
    private async Task PreviousAsync() { _cursor = _cursors.Pop(); await LoadAsync(); }

    public void Dispose()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
    }
}
