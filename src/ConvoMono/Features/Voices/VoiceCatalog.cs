using ConvoMono.Infrastructure.Voice;
using Microsoft.Extensions.Caching.Memory;

namespace ConvoMono.Features.Voices;

public sealed record VoiceDto(string VoiceId, string Name, string? Provider, string? Gender, string? Accent, string? Age, string? PreviewAudioUrl);

/// <summary>Retell's voices, cached briefly: the editor and every campaign save read them, and they rarely change.</summary>
public sealed class VoiceCatalog(RetellClient retell, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private const string Key = "retell.voices";

    public async Task<IReadOnlyList<VoiceDto>> ListAsync(CancellationToken ct)
    {
        if (cache.TryGetValue(Key, out IReadOnlyList<VoiceDto>? voices) && voices is not null) return voices;
        var fetched = (await retell.ListVoicesAsync(ct))
            .Select(v => new VoiceDto(v.VoiceId, v.VoiceName, v.Provider, v.Gender, v.Accent, v.Age, v.PreviewAudioUrl))
            .OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        cache.Set(Key, (IReadOnlyList<VoiceDto>)fetched, CacheFor);
        return fetched;
    }

    /// <summary>True or false when Retell's list could be read; null when Retell is unreachable (the save goes on and the
    /// sync reports the problem).</summary>
    public async Task<bool?> ExistsAsync(string voiceId, CancellationToken ct)
    {
        try { return (await ListAsync(ct)).Any(v => v.VoiceId == voiceId); }
        catch (Exception e) when (e is RetellApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { return null; }
    }
}
