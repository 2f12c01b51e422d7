using ConvoMono.Components.Shared;
using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace ConvoMono.Features.Leads;

/// <summary>Choose a file, check its first rows and phone column, import it; then the report, or live progress when the
/// file is large enough to be imported in the background.</summary>
public sealed partial class ImportLeadsDialog : IDisposable
{
    private const int PreviewRows = 5;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter, EditorRequired] public Guid CampaignId { get; set; }
    [Parameter] public IReadOnlyList<string> Variables { get; set; } = [];
    [Parameter] public IReadOnlyDictionary<string, string> DefaultVariables { get; set; } = new Dictionary<string, string>();

    [Inject] private ImportLeadsHandler Importer { get; set; } = default!;
    [Inject] private LeadImportsHandler Imports { get; set; } = default!;
    [Inject] private GetClientHandler Clients { get; set; } = default!;
    [Inject] private TenantContext Tenant { get; set; } = default!;
    [Inject] private LiveNotifier Live { get; set; } = default!;
    [Inject] private IOptions<LeadsOptions> Options { get; set; } = default!;

    private readonly ImportLeadsForm _form = new();
    private readonly CancellationTokenSource _stop = new();
    private EditContext _context = default!;
    private ServerErrors _errors = default!;
    private IBrowserFile? _file;
    private LeadFilePreviewDto? _preview;
    private LeadImportDto? _import;
    private string? _fileError, _clientCountry;
    private bool _busy;
    private IDisposable? _subscription;
    private LiveRefresh? _refresh;

    private long MaxBytes => Options.Value.MaxFileBytes;
    private bool IsPhone(LeadColumnDto column) => column.Header == _form.PhoneColumn;

    protected override async Task OnInitializedAsync()
    {
        _context = new EditContext(_form);
        _errors = new ServerErrors(_context);
        if (Tenant.TenantId is { } tenant) _clientCountry = (await Clients.HandleAsync(tenant, _stop.Token))?.DefaultCountry;
    }

    private async Task FileChosenAsync(IBrowserFile? file)
    {
        (_file, _preview, _fileError, _form.PhoneColumn) = (file, null, null, null);
        _errors.Clear();
        if (file is null) return;
        if (file.Size > MaxBytes)
        {
            _fileError = $"{file.Name} is {FormatSize(file.Size)}, over the {MaxBytes / (1024 * 1024)} MB limit. Split it into several files.";
            return;
        }
        _busy = true;
        try
        {
            // Only the head of the file crosses the circuit for the preview; the whole file is read once, on Import.
            await using var head = file.OpenReadStream(MaxBytes, _stop.Token);
            _preview = await LeadFilePreview.ReadAsync(head, null, PreviewRows, _stop.Token);
            _form.PhoneColumn = _preview.PhoneColumn;
            if (_preview.PhoneColumn is null)
                _fileError = "No column looks like a phone number by its name. Choose the phone column below.";
        }
        catch (DomainException e) { _fileError = e.Message; }
        catch (IOException e) { _fileError = $"The file could not be read: {e.Message}"; }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
        finally { _busy = false; }
    }

    private async Task ImportAsync()
    {
        if (_file is null || _preview is null) return;
        _busy = true;
        _fileError = null;
        _errors.Clear();
        try
        {
            await using var content = _file.OpenReadStream(MaxBytes, _stop.Token);
            await using var upload = await LeadUpload.SaveAsync(content, _file.Name, MaxBytes, _form.PhoneColumn,
                string.IsNullOrWhiteSpace(_form.DefaultCountry) ? null : _form.DefaultCountry.Trim(), _stop.Token);
            // Once the file is here the import runs to its end even if the dialog closes: it is listed on the campaign page.
            var result = await Importer.HandleAsync(CampaignId, upload, CancellationToken.None);
            if (result is not { } started)
            {
                _fileError = "This campaign no longer exists.";
                return;
            }
            _import = started.Import;
            if (!started.Finished) await FollowAsync(started.Import.Id);
        }
        catch (DomainException e)
        {
            if (!_errors.TryShow(e)) _fileError = e.Message;
        }
        catch (IOException e) { _fileError = $"The file could not be read: {e.Message}"; }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
        finally { _busy = false; }
    }

    private async Task FollowAsync(Guid importId)
    {
        _refresh = new LiveRefresh(TimeSpan.FromMilliseconds(300), () => InvokeAsync(ReloadAsync));
        _subscription = Live.Subscribe(Tenant.TenantId, platform: false,
            e => LeadImportChange.Concerns(e, CampaignId, importId) ? _refresh.Request() : Task.CompletedTask);
        await ReloadAsync(); // it may have moved on before the subscription started
    }

    private async Task ReloadAsync()
    {
        if (_import is null || _stop.IsCancellationRequested) return;
        _import = await Imports.GetAsync(CampaignId, _import.Id, _stop.Token) ?? _import;
        StateHasChanged();
    }

    private async Task CancelImportAsync()
    {
        if (_import is null) return;
        _busy = true;
        try { _import = await Imports.CancelAsync(CampaignId, _import.Id, _stop.Token) ?? _import; }
        catch (DomainException e) { _fileError = e.Message; }
        finally { _busy = false; }
    }

    private void Close() => Dialog.Close(DialogResult.Ok(_import?.Id));

    private static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };

    public void Dispose()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }
}
