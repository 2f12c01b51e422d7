using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Components;

namespace ConvoMono.Features.Credits;

public sealed partial class LedgerPager
{
    [Inject] private ListLedgerHandler LedgerReads { get; set; } = default!;

    [Parameter, EditorRequired] public Guid ClientId { get; set; }
    [Parameter] public int PageSize { get; set; } = 25;
    [Parameter] public RenderFragment? Title { get; set; }
    [Parameter] public string? HeaderClass { get; set; }
    /// <summary>Starts the ids of the filters (<c>ledger-kind</c>, <c>ledger-campaign</c>, <c>ledger-from</c>, ...).</summary>
    [Parameter] public string IdPrefix { get; set; } = "ledger";

    private Page<CreditEntryDto>? _page;
    private IReadOnlyList<LedgerCampaign> _campaigns = [];
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private string? _kind, _cursor;
    private Guid? _campaign;
    private DateTime? _from, _to;
    private readonly Stack<string?> _cursors = new();

    private bool Filtered => _kind is not null || _campaign is not null || _from is not null || _to is not null;

    private string Id(string name) => $"{IdPrefix}-{name}";

    protected override async Task OnInitializedAsync()
    {
        _zone = await LedgerReads.TimeZoneAsync(ClientId, default);
        _campaigns = await LedgerReads.CampaignsAsync(ClientId, default);
        await LoadAsync();
    }

    /// <summary>Reads the current page again (the ledger changed).</summary>
    public async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    // The days are the client's: from its first midnight to the midnight after the last day.
    private async Task LoadAsync() =>
        _page = await LedgerReads.HandleAsync(ClientId, new LedgerQuery
        {
            Kind = _kind,
            CampaignId = _campaign,
            From = _from is { } from ? ClientDays.StartUtc(DateOnly.FromDateTime(from), _zone) : null,
            To = _to is { } to ? ClientDays.StartUtc(DateOnly.FromDateTime(to).AddDays(1), _zone) : null,
        }, new PageQuery { Limit = PageSize, Cursor = _cursor }, default);

    private Task KindAsync(string? kind) { _kind = kind; return FirstPageAsync(); }
    private Task CampaignAsync(Guid? campaign) { _campaign = campaign; return FirstPageAsync(); }
    private Task FromAsync(DateTime? from) { _from = from; return FirstPageAsync(); }
    private Task ToAsync(DateTime? to) { _to = to; return FirstPageAsync(); }

    private Task ClearAsync()
    {
        (_kind, _campaign, _from, _to) = (null, null, null, null);
        return FirstPageAsync();
    }

    private async Task FirstPageAsync()
    {
        _cursors.Clear();
        _cursor = null;
        await LoadAsync();
    }

    private async Task NextAsync() { _cursors.Push(_cursor); _cursor = _page?.NextCursor; await LoadAsync(); }
    private async Task PreviousAsync() { _cursor = _cursors.Pop(); await LoadAsync(); }
}
