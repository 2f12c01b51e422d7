namespace ConvoMono.Features.KnowledgeBases;

/// <summary>What one knowledge base may hold. Stricter than Retell's own limits (25 files of 50 MB), because the bytes
/// are also kept in our database so a failed sync can be sent again. The page shows these numbers.</summary>
public static class KnowledgeBaseLimits
{
    /// <summary>Retell refuses names of 40 characters or more.</summary>
    public const int MaxNameLength = 39;
    public const int MaxFiles = 10;
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const long MaxTotalFileBytes = 25 * 1024 * 1024;
    /// <summary>The request body limit of the create endpoint: the files plus room for the texts and the multipart framing.</summary>
    public const long MaxRequestBytes = MaxTotalFileBytes + 2 * 1024 * 1024;
    public const int MaxTexts = 20;
    public const int MaxTextTitleLength = 200;
    public const int MaxTextLength = 50_000;
    public const int MaxUrls = 20;
    public const int MaxUrlLength = 2048;

    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
        [".csv"] = "text/csv",
        [".html"] = "text/html",
        [".htm"] = "text/html",
    };

    /// <summary>For the file picker's <c>accept</c> and the page's help text.</summary>
    public static string Extensions => string.Join(",", ContentTypes.Keys);

    public static string Describe =>
        $"PDF, DOCX, TXT, MD, CSV or HTML; up to {MaxFiles} files, {MaxFileBytes / 1024 / 1024} MB each and {MaxTotalFileBytes / 1024 / 1024} MB in all; "
        + $"up to {MaxTexts} texts and {MaxUrls} URLs.";
}
