using ConvoMono.Infrastructure.Errors;
using static ConvoMono.Features.KnowledgeBases.KnowledgeBaseLimits;

namespace ConvoMono.Features.KnowledgeBases;

public sealed record CheckedFile(string FileName, string ContentType, byte[] Content);

public sealed record CheckedSources(IReadOnlyList<CheckedFile> Files, IReadOnlyList<KnowledgeText> Texts, IReadOnlyList<string> Urls);

/// <summary>The shape rules of a new knowledge base, for the API (whose multipart form skips the validation filter) and
/// the page alike. Every failure is a 400 naming its field, raised before anything is stored.</summary>
public static class KnowledgeBaseRules
{
    public static CheckedSources Check(CreateKnowledgeBaseRequest request)
    {
        var name = request.Name.Trim();
        if (name.Length == 0) throw Invalid("name", "The name is required.");
        if (name.Length > MaxNameLength) throw Invalid("name", $"The name must be under {MaxNameLength + 1} characters (a Retell limit).");

        if (request.Files.Count > MaxFiles) throw Invalid("files", $"At most {MaxFiles} files.");
        var files = new List<CheckedFile>();
        foreach (var file in request.Files)
        {
            var fileName = SafeFileName(file.FileName);
            if (fileName.Length == 0) throw Invalid("files", "Every file needs a name.");
            if (!ContentTypes.TryGetValue(Path.GetExtension(fileName), out var contentType))
                throw Invalid("files", $"\"{fileName}\" is not an accepted type. Accepted: {Extensions}.");
            if (file.Content.LongLength == 0) throw Invalid("files", $"\"{fileName}\" is empty.");
            if (file.Content.LongLength > MaxFileBytes) throw Invalid("files", $"\"{fileName}\" is larger than {MaxFileBytes / 1024 / 1024} MB.");
            files.Add(new CheckedFile(fileName, contentType, file.Content));
        }
        if (files.Sum(f => f.Content.LongLength) > MaxTotalFileBytes)
            throw Invalid("files", $"The files add up to more than {MaxTotalFileBytes / 1024 / 1024} MB.");

        if (request.Texts.Count > MaxTexts) throw Invalid("texts", $"At most {MaxTexts} texts.");
        var texts = new List<KnowledgeText>();
        foreach (var text in request.Texts)
        {
            var title = (text.Title ?? "").Trim();
            var body = (text.Text ?? "").Trim();
            if (title.Length == 0 || body.Length == 0) throw Invalid("texts", "Every text needs a title and some text.");
            if (title.Length > MaxTextTitleLength) throw Invalid("texts", $"A text title must be at most {MaxTextTitleLength} characters.");
            if (body.Length > MaxTextLength) throw Invalid("texts", $"A text must be at most {MaxTextLength} characters; upload longer ones as a file.");
            texts.Add(new KnowledgeText { Title = title, Text = body });
        }

        if (request.Urls.Count > MaxUrls) throw Invalid("urls", $"At most {MaxUrls} URLs.");
        var urls = new List<string>();
        foreach (var raw in request.Urls)
        {
            var url = (raw ?? "").Trim();
            if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
                throw Invalid("urls", $"\"{(url.Length > 100 ? url[..100] + "…" : url)}\" is not an http(s) URL.");
            urls.Add(uri.AbsoluteUri);
        }

        if (files.Count + texts.Count + urls.Count == 0)
            throw Invalid("sources", "Add at least one file, text or URL.");
        return new CheckedSources(files, texts, urls.Distinct().ToList());
    }

    /// <summary>The last path segment only (<c>../../x.txt</c> and <c>C:\a\x.txt</c> become <c>x.txt</c>), without control
    /// characters or quotes, at most 200 characters.</summary>
    public static string SafeFileName(string? fileName)
    {
        var last = (fileName ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var clean = new string(last.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim().Trim('.');
        if (clean.Length <= 200) return clean;
        var extension = Path.GetExtension(clean);
        return clean[..(200 - extension.Length)] + extension;
    }

    private static DomainException Invalid(string field, string message) => CreateKnowledgeBaseForm.Invalid(field, message);
}
