using System.Text.Json;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Realtime;

namespace ConvoMono.Features.Launch;

/// <summary>Which live events change what a campaign's launch card or live monitor shows: its own campaign, call and
/// lead events, and the tenant's credit (which names no campaign).</summary>
public static class CampaignLiveEvents
{
    public static bool Concerns(LiveEvent e, Guid campaignId)
    {
        if (e.Type == CreditLedger.ChangedEvent) return true;
        if (e.Type is not (CampaignEngine.ChangedEvent or CallTracker.ChangedEvent or LeadImporter.ChangedEvent)) return false;
        if (e.Payload is null) return true;
        // The payload is an anonymous object (the one the SignalR bridge sends), so it is read the way API clients read it.
        var payload = JsonSerializer.SerializeToElement(e.Payload);
        return !payload.TryGetProperty("campaign_id", out var value) || !value.TryGetGuid(out var id) || id == campaignId;
    }
}
