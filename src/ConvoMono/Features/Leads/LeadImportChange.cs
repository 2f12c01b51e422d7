using System.Text.Json;
using ConvoMono.Infrastructure.Realtime;

namespace ConvoMono.Features.Leads;

/// <summary>Reads the ids out of a <see cref="LeadImporter.ChangedEvent"/>, so an open page refreshes only for its campaign or import.</summary>
public static class LeadImportChange
{
    public static bool Concerns(LiveEvent e, Guid campaignId, Guid? importId = null)
    {
        if (e.Type != LeadImporter.ChangedEvent || e.Payload is null) return false;
        // The payload is an anonymous object (the same one the SignalR bridge sends), so it is read the way API clients read it.
        var payload = JsonSerializer.SerializeToElement(e.Payload);
        return Matches(payload, "campaign_id", campaignId) && (importId is null || Matches(payload, "import_id", importId.Value));
    }

    private static bool Matches(JsonElement payload, string name, Guid id) =>
        payload.TryGetProperty(name, out var value) && value.TryGetGuid(out var found) && found == id;
}
