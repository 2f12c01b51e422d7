using System.Text;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.KnowledgeBases;

/// <summary>Mirrors a knowledge base in Retell: sends its stored sources as a new Retell knowledge base, and polls Retell's
/// asynchronous indexing until it is complete or failed. Used by the create and retry requests and by the sync job.</summary>
public sealed class KnowledgeBaseSync(RetellClient retell, LiveNotifier live, TimeProvider clock, ILogger<KnowledgeBaseSync> log)
{
    public const string ChangedEvent = "knowledge_base.changed";
    /// <summary>How long whoever is sending or checking a knowledge base keeps it before the job may take it over.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan FirstCheckAfter = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxCheckInterval = TimeSpan.FromMinutes(1);
    /// <summary>Retell usually indexes in seconds to minutes; past this the knowledge base is marked failed (it can be retried).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(30);
    public const string GaveUpMessage = "Retell did not finish indexing within 30 minutes.";

    /// <summary>Creates <paramref name="kb"/> (tracked by <paramref name="db"/>) in Retell from its stored sources and saves
    /// the outcome: in progress with Retell's id, or error with Retell's message.</summary>
    public async Task SendAsync(AppDbContext db, KnowledgeBase kb, CancellationToken ct)
    {
        var sources = await db.KnowledgeSources.AsNoTracking().Where(s => s.KnowledgeBaseId == kb.Id).OrderBy(s => s.Id).ToListAsync(ct);
        var texts = sources.Where(s => s.Kind == KnowledgeSourceKind.Text)
            .Select(s => new RetellText(s.Name, Encoding.UTF8.GetString(s.Content ?? []))).ToList();
        var urls = sources.Where(s => s.Kind == KnowledgeSourceKind.Url).Select(s => s.Name).ToList();
        var files = sources.Where(s => s.Kind == KnowledgeSourceKind.File)
            .Select(s => new RetellFile(s.Name, s.ContentType ?? "application/octet-stream", new MemoryStream(s.Content ?? []))).ToList();
        try
        {
            var created = await retell.CreateKnowledgeBaseAsync(kb.Name, texts, urls, files, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            kb.Created(created.KnowledgeBaseId, now, now + FirstCheckAfter);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Kept with the provider's message: the sources are stored, so a retry can send them again.
            log.LogWarning(e, "Creating knowledge base {Id} in Retell failed", kb.Id);
            kb.Failed(Describe(e), clock.GetUtcNow().UtcDateTime);
        }
        finally
        {
            foreach (var file in files) await file.Content.DisposeAsync();
        }
        await db.SaveChangesAsync(CancellationToken.None);
        Changed(kb);
    }

    /// <summary>One step of the job for a claimed knowledge base: send it if Retell does not have it yet, else ask Retell
    /// how indexing goes, and save what changed.</summary>
    public async Task CheckAsync(AppDbContext db, KnowledgeBase kb, CancellationToken ct)
    {
        if (kb.RetellKnowledgeBaseId is not { } retellId)
        {
            await SendAsync(db, kb, ct);
            return;
        }
        var status = kb.Status;
        try
        {
            var remote = await retell.GetKnowledgeBaseAsync(retellId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (remote.Status == "complete") kb.Completed(now);
            else if (remote.Status == "error") kb.Failed("Retell could not index the sources. Check the files and URLs, then retry.", now);
            else StillIndexing(kb, now);
        }
        catch (RetellApiException e) when (e.IsNotFound)
        {
            kb.Failed("The knowledge base no longer exists in Retell. Retry to send it again.", clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Checking knowledge base {Id} in Retell failed; checking again later", kb.Id);
            StillIndexing(kb, clock.GetUtcNow().UtcDateTime);
        }
        await db.SaveChangesAsync(CancellationToken.None);
        if (kb.Status != status) Changed(kb);
    }

    private static void StillIndexing(KnowledgeBase kb, DateTime now)
    {
        var waited = now - kb.UpdatedAt;
        if (waited > GiveUpAfter) kb.Failed(GaveUpMessage, now);
        else kb.StillIndexing(now + CheckInterval(waited));
    }

    /// <summary>A quarter of the time waited so far, between 2 s and a minute: quick for small sources, light for slow ones.</summary>
    public static TimeSpan CheckInterval(TimeSpan waited) =>
        TimeSpan.FromTicks(Math.Clamp(waited.Ticks / 4, FirstCheckAfter.Ticks, MaxCheckInterval.Ticks));

    public void Changed(KnowledgeBase kb) => live.Publish(new LiveEvent(ChangedEvent, kb.TenantId, new { id = kb.Id, status = kb.Status }));

    private static string Describe(Exception e) => e switch
    {
        RetellApiException r => $"Retell refused the knowledge base ({r.Status}): {r.RetellMessage}",
        _ => "Retell could not be reached: " + e.Message,
    };
}
