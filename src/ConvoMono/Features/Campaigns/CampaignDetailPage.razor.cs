using ConvoMono.Components.Shared;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ConvoMono.Features.Campaigns;

public sealed partial class CampaignDetailPage : IDisposable
{
    [Parameter] public Guid Id { get; set; }

    [Inject] private GetCampaignHandler Get { get; set; } = default!;
    [Inject] private TenantContext Tenant { get; set; } = default!;
    [Inject] private LiveNotifier Live { get; set; } = default!;
    [Inject] private ConvoMono.Features.Voices.VoiceCatalog Voices { get; set; } = default!;

    private CampaignDto? _campaign;
    private string? _voiceName;
    private bool _notFound;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private IDisposable? _subscription;
    private LiveRefresh? _refresh;

    // Same rule as the importer: a finished or archived campaign takes no more leads.
    private bool CanImport => _campaign is { ArchivedAt: null, Status: not (CampaignStatus.Completed or CampaignStatus.Cancelled) };

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (_subscription is not null) return;
        _refresh = new LiveRefresh(TimeSpan.FromMilliseconds(500), () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
        _subscription = Live.Subscribe(Tenant.TenantId, platform: false, e => e.Type == "campaign.changed" ? _refresh.Request() : Task.CompletedTask);
    }

    private async Task LoadAsync()
    {
        _campaign = await Get.HandleAsync(Id, default);
        _notFound = _campaign is null;
        if (_campaign is null) return;
        _breadcrumbs = [new("Campaigns", "/app/campaigns"), new(_campaign.Name, null, disabled: true)];
        try
        {
            var voice = (await Voices.ListAsync(default)).FirstOrDefault(v => v.VoiceId == _campaign.VoiceId);
            _voiceName = voice is null ? null : $"{voice.Name}{(voice.Accent is null ? "" : " · " + voice.Accent)}";
        }
        catch (Exception e) when (e is ConvoMono.Infrastructure.Voice.RetellApiException or HttpRequestException)
        {
            _voiceName = null; // the provider is unreachable: the voice id is shown instead
        }
    }

    /// <summary>A launch or a state button changed the campaign: show it at once (the live event follows).</summary>
    private async Task ChangedAsync(CampaignDto campaign)
    {
        await LoadAsync();
        _campaign ??= campaign;
    }

    private static string Days(IReadOnlyList<string> days) => days.Count switch
    {
        7 => "every day",
        0 => "no days",
        _ when days.SequenceEqual(CampaignRules.Weekdays[..5]) => "Mon–Fri",
        _ => string.Join(", ", days.Select(d => d.Length == 0 ? d : char.ToUpperInvariant(d[0]) + d[1..])),
    };

    private static string Duration(int seconds) => seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s";

    public void Dispose()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
    }
}
