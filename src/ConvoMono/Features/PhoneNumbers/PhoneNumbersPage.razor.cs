using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConvoMono.Features.PhoneNumbers;

public partial class PhoneNumbersPage
{
    private const int PageSize = 25;

    [Inject] private ListPhoneNumbersHandler Numbers { get; set; } = default!;
    [Inject] private ReleasePhoneNumberHandler Release { get; set; } = default!;
    [Inject] private GiveBackPhoneNumberHandler GiveBack { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private Page<PhoneNumberDto>? _page;
    private PhoneNumberStatus? _status;
    private string? _cursor;
    private readonly Stack<string?> _cursors = new();
    private bool _busy;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() =>
        _page = await Numbers.HandleAsync(new ListPhoneNumbersQuery { Status = _status?.ToString().ToLowerInvariant() }, new PageQuery { Limit = PageSize, Cursor = _cursor }, default);

    private async Task StatusAsync(PhoneNumberStatus? value)
    {
        _status = value;
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

    private Task BuyAsync() => OpenAsync<BuyNumberDialog>("Buy a phone number", []);

    private Task ImportAsync() => OpenAsync<ImportNumberDialog>("Import a phone number", []);

    private Task AssignAsync(PhoneNumberDto number) =>
        OpenAsync<AssignNumberDialog>($"Assign {number.PhoneNumber}", new DialogParameters<AssignNumberDialog> { { d => d.Number, number } });

    private async Task OpenAsync<TDialog>(string title, DialogParameters parameters) where TDialog : IComponent
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) await LoadAsync();
    }

    private async Task ReleaseAsync(PhoneNumberDto number)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Release number?",
            $"{number.PhoneNumber} goes back to the pool and {number.ClientName} can no longer call from it.", yesText: "Release", cancelText: "Cancel");
        if (confirmed != true) return;
        try
        {
            await RunAsync(() => Release.HandleAsync(number.Id, new ReleasePhoneNumberRequest(), default), $"{number.PhoneNumber} is back in the pool.");
        }
        catch (DomainException e) when (e.Code == "phone_numbers.in_use")
        {
            var pause = await Dialogs.ShowMessageBoxAsync("Pause campaigns?", e.Message, yesText: "Release and pause", cancelText: "Keep the number");
            if (pause == true)
                await RunAsync(() => Release.HandleAsync(number.Id, new ReleasePhoneNumberRequest { ConfirmPause = true }, default),
                    $"{number.PhoneNumber} is back in the pool; its campaigns are paused.");
        }
    }

    private async Task GiveBackAsync(PhoneNumberDto number)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Give number back?",
            $"{number.PhoneNumber} is deleted at Retell{(number.Provider == PhoneNumberProvider.Twilio ? " and released at Twilio" : "")}. This cannot be undone.",
            yesText: "Give back", cancelText: "Cancel");
        if (confirmed == true)
            await RunAsync(() => GiveBack.HandleAsync(number.Id, default), $"{number.PhoneNumber} was given back.");
    }

    /// <summary>Runs a change and reloads; errors other than the caller's own show in a snackbar.</summary>
    private async Task RunAsync(Func<Task<PhoneNumberDto?>> change, string done)
    {
        _busy = true;
        try
        {
            if (await change() is null) Snackbar.Add("This number no longer exists.", Severity.Warning);
            else Snackbar.Add(done, Severity.Success);
            await LoadAsync();
        }
        catch (DomainException e) when (e.Code != "phone_numbers.in_use") { Snackbar.Add(e.Message, Severity.Error); }
        finally { _busy = false; }
    }

    internal static string ProviderName(PhoneNumberProvider provider) => provider switch
    {
        PhoneNumberProvider.Retell => "Retell",
        PhoneNumberProvider.Twilio => "Twilio (SIP)",
        _ => "Imported (SIP)",
    };

    private static string StatusName(PhoneNumberStatus status) => status switch
    {
        PhoneNumberStatus.Available => "Available",
        PhoneNumberStatus.Assigned => "Assigned",
        _ => "Given back",
    };

    private static Color StatusColor(PhoneNumberStatus status) => status switch
    {
        PhoneNumberStatus.Available => Color.Info,
        PhoneNumberStatus.Assigned => Color.Success,
        _ => Color.Default,
    };
}
