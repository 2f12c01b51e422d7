using ConvoMono.Components.Shared;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ConvoMono.Features.DoNotCall;

public sealed partial class DncListPanel
{
    private const int PageSize = 25;

    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired] public Func<ListDncQuery, PageQuery, Task<Page<DncEntryDto>>> List { get; set; } = default!;
    /// <summary>Adds (phone, reason, country); the country is null unless <see cref="AskCountry"/>.</summary>
    [Parameter, EditorRequired] public Func<string, string?, string?, Task<DncAddResult>> Add { get; set; } = default!;
    [Parameter, EditorRequired] public Func<Stream, string?, Task<DncImportReport>> Import { get; set; } = default!;
    [Parameter, EditorRequired] public Func<string, Task<bool>> Remove { get; set; } = default!;
    [Parameter] public bool AskCountry { get; set; }
    [Parameter] public string Placeholder { get; set; } = "(415) 555-2671";
    [Parameter] public string EmptyText { get; set; } = "Add a number or upload a list.";

    private Page<DncEntryDto>? _page;
    private string? _search;
    private string? _cursor;
    private readonly Stack<string?> _cursors = new();
    private AddDncEntryRequest _model = new();
    private string? _country;
    private EditContext _context = default!;
    private ServerErrors _errors = default!;
    private DncImportReport? _report;
    private string? _reportFile;
    private bool _busy;

    protected override async Task OnInitializedAsync()
    {
        NewForm();
        await LoadAsync();
    }

    private void NewForm()
    {
        _model = new AddDncEntryRequest();
        _context = new EditContext(_model);
        _errors = new ServerErrors(_context);
    }

    private async Task LoadAsync() =>
        _page = await List(new ListDncQuery { Search = _search }, new PageQuery { Limit = PageSize, Cursor = _cursor });

    private async Task AddAsync()
    {
        _busy = true;
        try
        {
            var result = await Add(_model.PhoneNumber, _model.Reason, AskCountry && !string.IsNullOrWhiteSpace(_country) ? _country : null);
            Snackbar.Add(result.Created ? $"{result.Entry.PhoneNumber} will not be called." : $"{result.Entry.PhoneNumber} was already on the list.",
                result.Created ? Severity.Success : Severity.Info);
            NewForm();
            await RestartAsync();
        }
        catch (DomainException e)
        {
            if (!_errors.TryShow(e)) Snackbar.Add(e.Message, Severity.Error);
        }
        finally { _busy = false; }
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        if (file.Size > DncFile.MaxBytes)
        {
            Snackbar.Add(DncFile.TooLarge().Message, Severity.Error);
            return;
        }
        _busy = true;
        StateHasChanged();
        try
        {
            await using var content = file.OpenReadStream(DncFile.MaxBytes);
            _report = await Import(content, AskCountry && !string.IsNullOrWhiteSpace(_country) ? _country : null);
            _reportFile = file.Name;
            await RestartAsync();
        }
        catch (DomainException e)
        {
            Snackbar.Add($"{file.Name}: {e.Message}", Severity.Error);
        }
        finally { _busy = false; }
    }

    private async Task RemoveAsync(DncEntryDto entry)
    {
        if (await Dialogs.ShowMessageBoxAsync("Remove from the do-not-call list?",
                $"{entry.PhoneNumber} may be called again by campaigns.", yesText: "Remove", cancelText: "Cancel") != true)
            return;
        if (await Remove(entry.PhoneNumber)) Snackbar.Add($"{entry.PhoneNumber} was removed.", Severity.Success);
        else Snackbar.Add($"{entry.PhoneNumber} was no longer on the list.", Severity.Info);
        await LoadAsync();
    }

    private async Task SearchAsync(string? value) { _search = value; await RestartAsync(); }

    private async Task RestartAsync()
    {
        _cursors.Clear();
        _cursor = null;
        await LoadAsync();
    }

    private async Task NextAsync()
    {
        _cursors.Push(_cursor);
        _cursor = _page?.NextCursor;
        await LoadAsync();
    }

    private async Task PreviousAsync()
    {
        _cursor = _cursors.Pop();
        await LoadAsync();
    }

    private static string SourceText(DncSource source) => source switch
    {
        DncSource.Import => "Import",
        DncSource.Call => "From a call",
        _ => "Manual",
    };

    private static Color SourceColor(DncSource source) => source == DncSource.Call ? Color.Warning : Color.Default;
}
