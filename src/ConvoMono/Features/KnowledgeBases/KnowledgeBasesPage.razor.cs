using ConvoMono.Components.Shared;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConvoMono.Features.KnowledgeBases;

public sealed partial class KnowledgeBasesPage
{
    [Inject] private ListKnowledgeBasesHandler List { get; set; } = default!;
    [Inject] private RetryKnowledgeBaseHandler Retry { get; set; } = default!;
    [Inject] private DeleteKnowledgeBaseHandler Delete { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private LiveNotifier Live { get; set; } = default!;
    [Inject] private TenantContext Tenant { get; set; } = default!;

    private IReadOnlyList<KnowledgeBaseDto> _items = [];
    private IDisposable? _subscription;
    private LiveRefresh? _refresh;
    private bool _busy;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || Tenant.TenantId is not { } tenantId) return;
        _refresh = new LiveRefresh(TimeSpan.FromMilliseconds(500), () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
        _subscription = Live.Subscribe(tenantId, platform: false, e => e.Type == KnowledgeBaseSync.ChangedEvent ? _refresh.Request() : Task.CompletedTask);
    }

    private async Task LoadAsync() => _items = (await List.HandleAsync(new PageQuery { Limit = PageQuery.MaxLimit }, default)).Data;

    private static string Sources(KnowledgeBaseDto kb)
    {
        var parts = new[] { (Kind: KnowledgeSourceKind.File, Label: "file"), (Kind: KnowledgeSourceKind.Text, Label: "text"), (Kind: KnowledgeSourceKind.Url, Label: "URL") }
            .Select(k => (k.Label, Count: kb.Sources.Count(s => s.Kind == k.Kind))).Where(k => k.Count > 0)
            .Select(k => $"{k.Count} {k.Label}{(k.Count > 1 ? "s" : "")}");
        return string.Join(", ", parts);
    }

    private async Task NewAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewKnowledgeBaseDialog>("New knowledge base", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) await LoadAsync();
    }

    private async Task RetryAsync(KnowledgeBaseDto kb) => await RunAsync(async () =>
    {
        var retried = await Retry.HandleAsync(kb.Id, default);
        if (retried?.Status == KnowledgeBaseStatus.Error) Snackbar.Add($"Retell refused \"{kb.Name}\" again: {retried.Error}", Severity.Warning);
        else Snackbar.Add($"\"{kb.Name}\" was sent again; Retell is indexing it.", Severity.Success);
    });

    private async Task DeleteAsync(KnowledgeBaseDto kb)
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete knowledge base?", $"\"{kb.Name}\" will be deleted here and in Retell, and removed from campaigns that list it.",
                yesText: "Delete", cancelText: "Cancel") != true)
            return;
        await RunAsync(async () =>
        {
            await Delete.HandleAsync(kb.Id, default);
            Snackbar.Add($"\"{kb.Name}\" was deleted.", Severity.Success);
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try { await action(); }
        catch (DomainException e) { Snackbar.Add(e.Message, Severity.Error); }
        finally { _busy = false; }
        await LoadAsync();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
    }
}
