using ConvoMono.Components.Shared;
using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ConvoMono.Features.Integrations;

public sealed partial class IntegrationsPage
{
    [Inject] private RetellIntegrationHandler Retell { get; set; } = default!;
    [Inject] private TwilioIntegrationHandler Twilio { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private RetellIntegrationDto? _current;
    private UpdateRetellIntegrationRequest _model = new();
    private EditContext _context = default!;
    private ServerErrors _errors = default!;
    private ConnectionTestDto? _test;
    private bool _busy;

    private TwilioIntegrationDto? _twilio;
    private UpdateTwilioIntegrationRequest _twilioModel = new();
    private EditContext _twilioContext = new(new UpdateTwilioIntegrationRequest());
    private ServerErrors _twilioErrors = default!;
    private ConnectionTestDto? _twilioTest;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        await LoadTwilioAsync();
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
        try
        {
            await Twilio.SaveAsync(_twilioModel, default);
            Snackbar.Add("Twilio settings saved.", Severity.Success);
            await LoadTwilioAsync();
        }
        catch (DomainException e)
        {
            if (!_twilioErrors.TryShow(e)) Snackbar.Add(e.Message, Severity.Error);
        }
        finally { _busy = false; }
    }

    private async Task TestTwilioAsync()
    {
        _busy = true;
        try { _twilioTest = await Twilio.TestAsync(default); }
        finally { _busy = false; }
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
        try
        {
            await Retell.SaveAsync(_model, default);
            Snackbar.Add("Retell settings saved.", Severity.Success);
            await LoadAsync();
        }
        catch (DomainException e)
        {
            if (!_errors.TryShow(e)) Snackbar.Add(e.Message, Severity.Error);
        }
        finally { _busy = false; }
    }

    private async Task TestAsync()
    {
        _busy = true;
        try { _test = await Retell.TestAsync(default); }
        finally { _busy = false; }
    }
}
