using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ConvoMono.Features.Leads;

/// <summary>An uploaded CSV, streamed straight from the multipart body to a temporary file (never held in memory),
/// with the form's optional <c>phone_column</c> and <c>default_country</c>.</summary>
public sealed class LeadUpload : IAsyncDisposable
{
    public string Path { get; private init; } = "";
    public string FileName { get; private init; } = "";
    public long Length { get; private init; }
    public string? PhoneColumn { get; init; }
    public string? DefaultCountry { get; init; }

    public static string TempPath() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"convomono-leads-{Guid.NewGuid():N}.csv");

    /// <summary>Copies <paramref name="content"/> to a temporary file, refusing it with 413 past <paramref name="maxBytes"/>.</summary>
    public static async Task<LeadUpload> SaveAsync(Stream content, string fileName, long maxBytes, string? phoneColumn, string? defaultCountry, CancellationToken ct)
    {
        var path = TempPath();
        try
        {
            long total = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes) throw TooLarge(maxBytes);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            return new LeadUpload { Path = path, FileName = SafeName(fileName), Length = total, PhoneColumn = phoneColumn, DefaultCountry = defaultCountry };
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public static async Task<LeadUpload> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            throw new DomainException("leads.not_multipart", "Send the CSV as multipart/form-data with a field named \"file\".", StatusCodes.Status415UnsupportedMediaType, "file");
        if (request.ContentLength > maxBytes + 64 * 1024) throw TooLarge(maxBytes);
        var reader = new MultipartReader(boundary, request.Body);
        LeadUpload? upload = null;
        string? phoneColumn = null, country = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFileDisposition() && name == "file" && upload is null)
                    upload = await SaveAsync(section.Body, HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "leads.csv", maxBytes, null, null, ct);
                else if (name is "phone_column" or "default_country")
                {
                    using var text = new StreamReader(section.Body);
                    var value = (await text.ReadToEndAsync(ct)).Trim();
                    if (value.Length > 200) throw new DomainException("leads.invalid", $"{name} is too long.", StatusCodes.Status400BadRequest, name);
                    if (name == "phone_column") phoneColumn = value.Length > 0 ? value : null;
                    else country = value.Length > 0 ? value : null;
                }
            }
        }
        catch
        {
            if (upload is not null) await upload.DisposeAsync();
            throw;
        }
        if (upload is null) throw new DomainException("leads.no_file", "Attach the CSV in a form field named \"file\".", StatusCodes.Status400BadRequest, "file");
        return new LeadUpload { Path = upload.Path, FileName = upload.FileName, Length = upload.Length, PhoneColumn = phoneColumn, DefaultCountry = country };
    }

    /// <summary>Only the last path segment, without control characters: names come from the client and end up in the UI.</summary>
    public static string SafeName(string name)
    {
        var last = name.Replace('\\', '/').Split('/').LastOrDefault(s => s.Length > 0) ?? "leads.csv";
        var clean = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? "leads.csv" : clean.Length > 200 ? clean[..200] : clean;
    }

    private static DomainException TooLarge(long maxBytes) => new("leads.file_too_large",
        $"The file is larger than the {maxBytes / (1024 * 1024)} MB limit. Split it into several files.", StatusCodes.Status413PayloadTooLarge, "file");

    /// <summary>Hands the file to someone else (the background import), so disposing this does not delete it.</summary>
    public string Detach()
    {
        _detached = true;
        return Path;
    }

    private bool _detached;

    public ValueTask DisposeAsync()
    {
        if (!_detached) try { File.Delete(Path); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
