using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.KnowledgeBases;

public enum KnowledgeSourceKind { File, Text, Url }

/// <summary>One source of a knowledge base: an uploaded file (its bytes), a pasted text (its UTF-8 bytes) or a URL.</summary>
public sealed class KnowledgeSource : ITenantOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid KnowledgeBaseId { get; private set; }
    public KnowledgeSourceKind Kind { get; private set; }
    /// <summary>File name, text title or the URL itself.</summary>
    public string Name { get; private set; } = "";
    public string? ContentType { get; private set; }
    public long SizeBytes { get; private set; }
    public byte[]? Content { get; private set; }
    public DateTime CreatedAt { get; private set; }

    private KnowledgeSource() { }

    public static KnowledgeSource File(Guid knowledgeBaseId, string fileName, string contentType, byte[] content, DateTime now) => new()
    {
        KnowledgeBaseId = knowledgeBaseId, Kind = KnowledgeSourceKind.File, Name = fileName, ContentType = contentType,
        SizeBytes = content.LongLength, Content = content, CreatedAt = now,
    };

    public static KnowledgeSource Text(Guid knowledgeBaseId, string title, string text, DateTime now)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return new()
        {
            KnowledgeBaseId = knowledgeBaseId, Kind = KnowledgeSourceKind.Text, Name = title, ContentType = "text/plain",
            SizeBytes = bytes.LongLength, Content = bytes, CreatedAt = now,
        };
    }

    public static KnowledgeSource Url(Guid knowledgeBaseId, string url, DateTime now) => new()
    {
        KnowledgeBaseId = knowledgeBaseId, Kind = KnowledgeSourceKind.Url, Name = url, CreatedAt = now,
    };
}
