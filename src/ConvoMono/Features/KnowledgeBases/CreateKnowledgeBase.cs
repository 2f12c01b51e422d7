using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.KnowledgeBases;

public sealed record CreateKnowledgeBaseRequest
{
    [Display(Name = "Name"), Required, StringLength(KnowledgeBaseLimits.MaxNameLength, MinimumLength = 1)]
    public string Name { get; set; } = "";
    public List<KnowledgeFileUpload> Files { get; set; } = [];
    public List<KnowledgeText> Texts { get; set; } = [];
    public List<string> Urls { get; set; } = [];
}

public sealed record KnowledgeFileUpload(string FileName, byte[] Content);

public sealed record KnowledgeText
{
    [Required, StringLength(KnowledgeBaseLimits.MaxTextTitleLength)] public string Title { get; set; } = "";
    [Required, StringLength(KnowledgeBaseLimits.MaxTextLength)] public string Text { get; set; } = "";
}

/// <summary>The multipart form of <c>POST /api/v1/knowledge-bases</c>, as documented in OpenAPI: <c>files</c> and
/// <c>urls</c> repeat; <c>texts</c> is one field holding a JSON array of <c>{title, text}</c>.</summary>
public sealed record CreateKnowledgeBaseForm(string Name, IFormFileCollection? Files, string? Texts, string[]? Urls)
{
    public static async Task<CreateKnowledgeBaseRequest> ReadAsync(HttpRequest http, CancellationToken ct)
    {
        if (!http.HasFormContentType)
            throw Invalid("request", "Send the knowledge base as multipart/form-data (name, files, texts, urls).");
        var form = await http.ReadFormAsync(ct);
        var files = form.Files.GetFiles("files");
        if (files.Count > KnowledgeBaseLimits.MaxFiles) throw Invalid("files", $"At most {KnowledgeBaseLimits.MaxFiles} files.");
        var request = new CreateKnowledgeBaseRequest { Name = form["name"].ToString(), Urls = [.. form["urls"].Select(u => u ?? "")] };
        foreach (var file in files)
        {
            // Checked before buffering, so an oversize upload is refused without holding it in memory.
            if (file.Length > KnowledgeBaseLimits.MaxFileBytes) throw TooLarge(file.FileName);
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            request.Files.Add(new KnowledgeFileUpload(file.FileName, buffer.ToArray()));
        }
        if (form["texts"].ToString() is { Length: > 0 } texts)
        {
            try { request.Texts = JsonSerializer.Deserialize<List<KnowledgeText>>(texts, JsonOptions) ?? []; }
            catch (JsonException) { throw Invalid("texts", "texts must be one JSON array of {\"title\": ..., \"text\": ...} objects."); }
        }
        return request;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    internal static DomainException Invalid(string field, string message) =>
        new("knowledge_bases.invalid", message, StatusCodes.Status400BadRequest, field);

    internal static DomainException TooLarge(string fileName) =>
        Invalid("files", $"\"{KnowledgeBaseRules.SafeFileName(fileName)}\" is larger than {KnowledgeBaseLimits.MaxFileBytes / 1024 / 1024} MB.");
}

public sealed class CreateKnowledgeBaseHandler(IDbContextFactory<AppDbContext> dbs, KnowledgeBaseSync sync, TenantContext caller, TimeProvider clock)
{
    /// <summary>Stores the knowledge base and its sources, then sends it to Retell within the request. When Retell fails the
    /// knowledge base is kept with status error and the provider's message, ready for a retry.</summary>
    public async Task<KnowledgeBaseDto> HandleAsync(CreateKnowledgeBaseRequest request, CancellationToken ct)
    {
        var checkedSources = KnowledgeBaseRules.Check(request);
        var now = clock.GetUtcNow().UtcDateTime;
        var kb = KnowledgeBase.Create(request.Name, now);
        kb.HoldUntil(now + KnowledgeBaseSync.HoldFor); // this request sends it; the sync job only takes over if the request dies
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.KnowledgeBases.Add(kb);
        foreach (var file in checkedSources.Files)
            db.KnowledgeSources.Add(KnowledgeSource.File(kb.Id, file.FileName, file.ContentType, file.Content, now));
        foreach (var text in checkedSources.Texts) db.KnowledgeSources.Add(KnowledgeSource.Text(kb.Id, text.Title, text.Text, now));
        foreach (var url in checkedSources.Urls) db.KnowledgeSources.Add(KnowledgeSource.Url(kb.Id, url, now));
        db.AuditEntries.Add(AuditEntry.Record(caller, "knowledge_base.created", "knowledge_base", kb.Id, caller.TenantId, null,
            new { kb.Name, files = checkedSources.Files.Count, texts = checkedSources.Texts.Count, urls = checkedSources.Urls.Count }, now));
        await db.SaveChangesAsync(ct);

        await sync.SendAsync(db, kb, ct);
        return (await KnowledgeBaseDtos.LoadAsync(db, [kb.Id], ct)).Single();
    }
}
