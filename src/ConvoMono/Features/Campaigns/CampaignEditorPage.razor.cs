using ConvoMono.Components.Shared;
using ConvoMono.Features.Voices;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Voice;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ConvoMono.Features.Campaigns;

public sealed partial class CampaignEditorPage
{
    public static readonly string[] Languages =
        ["en-US", "en-GB", "en-AU", "en-IN", "es-ES", "es-419", "fr-FR", "de-DE", "it-IT", "pt-BR", "pt-PT", "nl-NL", "hi-IN", "ja-JP", "zh-CN", "multi"];

    [Parameter] public Guid? Id { get; set; }

    [Inject] private GetCampaignHandler Get { get; set; } = default!;
    [Inject] private CreateCampaignHandler Create { get; set; } = default!;
    [Inject] private UpdateCampaignHandler Update { get; set; } = default!;
    [Inject] private VoiceCatalog Voices { get; set; } = default!;
    [Inject] private CampaignEditorOptionsHandler OptionsHandler { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;

    private CampaignRequest _model = new();
    private EditContext _context = default!;
    private ServerErrors _errors = default!;
    private CampaignDto? _loaded;
    private IReadOnlyList<VoiceDto> _voices = [];
    private string? _voicesError;
    private CampaignEditorOptions _options = new([], []);
    private readonly Dictionary<string, string> _samples = [];
    private int _step;
    private bool _ready, _notFound, _busy;

    private List<string> Variables => Placeholders.Find(_model.GeneralPrompt, _model.BeginMessage, _model.Voicemail?.Message);
    private VoiceDto? SelectedVoice => _voices.FirstOrDefault(v => v.VoiceId == _model.VoiceId);
    private string Sample(string name) => _samples.GetValueOrDefault(name) ?? "";

    protected override async Task OnParametersSetAsync()
    {
        if (Id is { } id)
        {
            _loaded = await Get.HandleAsync(id, default);
            if (_loaded is null) { _notFound = true; return; }
            _model = FromDto(_loaded);
        }
        else _model = Defaults();
        _context = new EditContext(_model);
        _errors = new ServerErrors(_context);
        _options = await OptionsHandler.HandleAsync(default);
        try { _voices = await Voices.ListAsync(default); }
        catch (Exception e) when (e is RetellApiException or HttpRequestException)
        {
            _voicesError = "The voice list could not be loaded from the voice provider; the current voice is kept.";
        }
        _ready = true;
    }

    private void ToggleKnowledge(Guid id, bool on)
    {
        _model.KnowledgeBaseIds!.Remove(id);
        if (on) _model.KnowledgeBaseIds.Add(id);
    }

    private async Task SaveAsync()
    {
        if (!_context.Validate()) { Snackbar.Add("Some fields need attention.", Severity.Warning); return; }
        _busy = true;
        try
        {
            var saved = Id is { } id ? await Update.HandleAsync(id, _model, default) : await Create.HandleAsync(_model, default);
            if (saved is null) { _notFound = true; return; }
            if (saved.SyncStatus == CampaignSyncStatus.Error)
                Snackbar.Add($"Saved, but the voice agent could not be updated: {saved.SyncError} Retry from the campaign list.", Severity.Warning);
            else
                Snackbar.Add($"\"{saved.Name}\" was saved.", Severity.Success);
            Nav.NavigateTo("/app/campaigns");
        }
        catch (DomainException e)
        {
            if (!_errors.TryShow(e)) Snackbar.Add(e.Message, Severity.Error);
            _step = e.Field switch
            {
                "name" or "general_prompt" or "begin_message" => 0,
                "voice_id" or "language" or "voicemail_message" or "ambient_sound" or "voice_speed" or "voice_temperature"
                    or "responsiveness" or "interruption_sensitivity" => 1,
                "knowledge_base_ids" => 2,
                null => _step,
                _ => 3,
            };
        }
        finally { _busy = false; }
    }

    private static CampaignRequest Defaults() => FromSettings(new CampaignSettings { Name = "", GeneralPrompt = "", VoiceId = CampaignDefaults.VoiceId });

    private static CampaignRequest FromDto(CampaignDto c) => new()
    {
        Name = c.Name, GeneralPrompt = c.GeneralPrompt, BeginMessage = c.BeginMessage, VoiceId = c.VoiceId, Language = c.Language,
        VoiceSpeed = c.VoiceSpeed, VoiceTemperature = c.VoiceTemperature, Responsiveness = c.Responsiveness,
        InterruptionSensitivity = c.InterruptionSensitivity, EnableBackchannel = c.EnableBackchannel, AmbientSound = c.AmbientSound ?? "",
        Voicemail = new VoicemailRequest { Action = c.Voicemail.Action, Message = c.Voicemail.Message },
        MaxCallDurationSeconds = c.MaxCallDurationSeconds,
        CallingWindow = new CallingWindowRequest { Start = c.CallingWindow.Start, End = c.CallingWindow.End, Days = [.. c.CallingWindow.Days] },
        Retry = new RetryRequest { MaxAttempts = c.Retry.MaxAttempts, DelayMinutes = c.Retry.DelayMinutes, On = [.. c.Retry.On] },
        Concurrency = c.Concurrency, SuccessCriteria = c.SuccessCriteria ?? "",
        AnalysisFields = c.AnalysisFields.Select(f => new AnalysisFieldRequest { Name = f.Name, Type = f.Type, Description = f.Description, Choices = f.Choices?.ToList() }).ToList(),
        KnowledgeBaseIds = [.. c.KnowledgeBaseIds], PhoneNumberId = c.PhoneNumberId?.ToString() ?? "",
        DefaultVariables = new(c.DefaultVariables),
    };

    private static CampaignRequest FromSettings(CampaignSettings s) => new()
    {
        Name = s.Name, GeneralPrompt = s.GeneralPrompt, BeginMessage = s.BeginMessage, VoiceId = s.VoiceId, Language = s.Language,
        VoiceSpeed = s.VoiceSpeed, VoiceTemperature = s.VoiceTemperature, Responsiveness = s.Responsiveness,
        InterruptionSensitivity = s.InterruptionSensitivity, EnableBackchannel = s.EnableBackchannel, AmbientSound = s.AmbientSound ?? "",
        Voicemail = new VoicemailRequest { Action = s.VoicemailAction, Message = s.VoicemailMessage },
        MaxCallDurationSeconds = s.MaxCallDurationSeconds,
        CallingWindow = new CallingWindowRequest { Start = s.WindowStart.ToString("HH:mm"), End = s.WindowEnd.ToString("HH:mm"), Days = [.. s.CallingDays] },
        Retry = new RetryRequest { MaxAttempts = s.RetryMaxAttempts, DelayMinutes = s.RetryDelayMinutes, On = [.. s.RetryOn] },
        Concurrency = s.Concurrency, SuccessCriteria = s.SuccessCriteria ?? "", AnalysisFields = [], KnowledgeBaseIds = [],
        PhoneNumberId = "", DefaultVariables = [],
    };
}
