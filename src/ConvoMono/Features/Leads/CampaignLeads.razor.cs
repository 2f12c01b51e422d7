using ConvoMono.Components.Shared;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConvoMono.Features.Leads;

public sealed partial class CampaignLeads : IDisposable
{
    private const int PageSize = 25, ImportsShown = 10;

    [Parameter, EditorRequired] public Guid CampaignId { get; set; }
    /// <summary>False once the campaign is finished or archived: it takes no more leads.</summary>
    [Parameter] public bool CanImport { get; set; } = true;
    [Parameter] public IReadOnlyList<string> Variables { get; set; } = [];
    [Parameter] public IReadOnlyDictionary<string, string> DefaultVariables { get; set; } = new Dictionary<string, string>();

    [Inject] private ListLeadsHandler Leads { get; set; } = default!;
    [Inject] private LeadImportsHandler Imports { get; set; } = default!;
    [Inject] private TenantContext Tenant { get; set; } = default!;
    [Inject] private LiveNotifier Live { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private Page<LeadDto>? _page;
    private Page<LeadImportDto>? _imports;
    private LeadCountsDto? _counts;
    private LeadStatus? _status;
    private string? _search, _cursor;
    private readonly Stack<string?> _cursors = new();
    private IDisposable? _subscription;
    private LiveRefresh? _refresh;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _refresh = new LiveRefresh(TimeSpan.FromSeconds(1), () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
        _subscription = Live.Subscribe(Tenant.TenantId, platform: false,
            e => LeadImportChange.Concerns(e, CampaignId) ? _refresh.Request() : Task.CompletedTask);
    }

    private async Task LoadAsync()
    {
        _counts = await Leads.CountsAsync(CampaignId, default);
        _imports = await Imports.ListAsync(CampaignId, new PageQuery { Limit = ImportsShown }, default);
        await LoadLeadsAsync();
    }

    private async Task LoadLeadsAsync() =>
        _page = await Leads.HandleAsync(CampaignId, new LeadListQuery { Status = _status, Search = _search }, new PageQuery { Limit = PageSize, Cursor = _cursor }, default);

    private async Task SearchAsync(string? value) { _search = value; await FirstPageAsync(); }
    private async Task StatusAsync(LeadStatus? value) { _status = value; await FirstPageAsync(); }
    private async Task FirstPageAsync() { _cursors.Clear(); _cursor = null; await LoadLeadsAsync(); }
    private async Task NextAsync() { _cursors.Push(_cursor); _cursor = _page?.NextCursor; await LoadLeadsAsync(); }
    private async Task PreviousAsync() { _cursor = _cursors.Pop(); await LoadLeadsAsync(); }

    private async Task ImportAsync()
    {
        var dialog = await Dialogs.ShowAsync<ImportLeadsDialog>("Import leads", new DialogParameters<ImportLeadsDialog>
        {
            { d => d.CampaignId, CampaignId }, { d => d.Variables, Variables }, { d => d.DefaultVariables, DefaultVariables },
        }, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, BackdropClick = false });
        await dialog.Result;
        await FirstPageAsync();
        await LoadAsync();
    }

    private async Task UndoAsync(LeadImportDto import)
    {
        if (await Dialogs.ShowMessageBoxAsync("Undo import?",
                $"The {import.Imported:N0} leads imported from \"{import.FileName}\" will be removed from the campaign. This only works while none of them has been called.",
                yesText: "Undo import", cancelText: "Keep") != true) return;
        await RunAsync(() => Imports.UndoAsync(CampaignId, import.Id, default), $"The import of \"{import.FileName}\" was undone.");
    }

    private Task CancelImportAsync(LeadImportDto import) =>
        RunAsync(() => Imports.CancelAsync(CampaignId, import.Id, default), $"Cancelling the import of \"{import.FileName}\"; what it wrote is removed.");

    private async Task RunAsync(Func<Task<LeadImportDto?>> action, string done)
    {
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (DomainException e) { Snackbar.Add(e.Message, Severity.Error); }
        await LoadAsync();
    }

    public static string LeadStatusText(LeadStatus status) => status switch
    {
        LeadStatus.NotConverted => "Not converted",
        LeadStatus.DoNotCall => "Do not call",
        _ => status.ToString(),
    };

    public static Color LeadStatusColor(LeadStatus status) => status switch
    {
        LeadStatus.Pending => Color.Default,
        LeadStatus.Dialing or LeadStatus.Retry => Color.Info,
        LeadStatus.Converted => Color.Success,
        LeadStatus.DoNotCall or LeadStatus.Invalid => Color.Error,
        _ => Color.Secondary,
    };

    public void Dispose()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
    }
}
