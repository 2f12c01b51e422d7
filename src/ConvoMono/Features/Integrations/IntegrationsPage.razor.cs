using ConvoMono.Components.Shared;
using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ConvoMono.Features.Integrations;

public sealed partial class IntegrationsPage : IDisposable
{
    [Inject] private RetellIntegrationHandler Retell { get; set; } = default!;
    [Inject] private TwilioIntegrationHandler Twilio { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private RetellIntegrationDto? _current;
    private UpdateRetellIntegrationRequest _model = new();
    private EditContext _context = default!;
    private ServerErrors _errors = default!;
    private ConnectionTestDto? _test;
    /// <summary>Set from the start: the page asks Retell as soon as it is interactive, so it shows "checking" until then.</summary>
    private bool _checking = true;
    private readonly CancellationTokenSource _closed = new();
    private bool _busy;

    private TwilioIntegrationDto? _twilio;
    private UpdateTwilioIntegrationRequest _twilioModel = new();
    private EditContext _twilioContext = new(new UpdateTwilioIntegrationRequest());
    private ServerErrors _twilioErrors = default!;
    private ConnectionTestDto? _twilioTest;
    private bool _twilioChecking = true;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        await LoadTwilioAsync();
    }

    /// <summary>An operator opens this page to see whether Retell works and how much of the workspace's concurrency is in
    /// use: both come without a click. After the first render, so the page shows at once and a slow Retell only delays
    /// this card's status (and prerendering never calls Retell).</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender) await Task.WhenAll(CheckRetellAsync(), CheckTwilioAsync());
    }

    private async Task LoadTwilioAsync()
    {
        _twilio = await Twilio.GetAsync(default);
        _twilioModel = new UpdateTwilioIntegrationRequest { Mode = _twilio.Mode };
        _twilioContext = new EditContext(_twilioModel);
        _twilioErrors = new ServerErrors(_twilioContext);
    }

    private async Task SaveTwilioAsync()
    {
        _busy = true;
        var saved = false;
        try
        {
            await Twilio.SaveAsync(_twilioModel, default);
            Snackbar.Add("Twilio settings saved.", Severity.Success);
            await LoadTwilioAsync();
            saved = true;
        }
        catch (DomainException e)
        {
            if (!_twilioErrors.TryShow(e)) Snackbar.Add(e.Message, Severity.Error);
        }
        finally { _busy = false; }
        if (saved) await CheckTwilioAsync();
    }

    private async Task CheckTwilioAsync()
    {
        _twilioChecking = true;
        StateHasChanged();
        try { _twilioTest = await Twilio.TestAsync(_closed.Token); }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested) { return; }
        finally { _twilioChecking = false; }
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        _current = await Retell.GetAsync(default);
        _model = new UpdateRetellIntegrationRequest { Mode = _current.Mode };
        _context = new EditContext(_model);
        _errors = new ServerErrors(_context);
    }

    private async Task SaveAsync()
    {
        _busy = true;
        var saved = false;
        try
        {
            await Retell.SaveAsync(_model, default);
            Snackbar.Add("Retell settings saved.", Severity.Success);
            await LoadAsync();
            saved = true;
        }
        catch (DomainException e)
        {
            if (!_errors.TryShow(e)) Snackbar.Add(e.Message, Severity.Error);
        }
        finally { _busy = false; }
        if (saved) await CheckRetellAsync(); // the status must be the saved mode's, key's and URL's
    }

    private async Task CheckRetellAsync()
    {
        _checking = true;
        StateHasChanged();
        try { _test = await Retell.TestAsync(_closed.Token); }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested) { return; } // the page was closed meanwhile
        finally { _checking = false; }
        StateHasChanged();
    }

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }
}
