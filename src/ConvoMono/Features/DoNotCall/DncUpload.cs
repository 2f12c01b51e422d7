using System.Text.RegularExpressions;
using ConvoMono.Infrastructure.Errors;

namespace ConvoMono.Features.DoNotCall;

/// <summary>The multipart form of the import endpoints, as documented in OpenAPI: <c>file</c> (CSV or text) and an
/// optional <c>default_country</c> for numbers without a country code.</summary>
public sealed partial record DncUploadForm(IFormFile File, string? DefaultCountry)
{
    /// <summary>The form's file (buffered by ASP.NET Core to disk past 64 KB, never whole in memory) and country.</summary>
    public static async Task<DncUploadForm> ReadAsync(HttpRequest http, CancellationToken ct)
    {
        if (!http.HasFormContentType) throw Invalid("file", "Send the file as multipart/form-data in a field named file.");
        IFormCollection form;
        try { form = await http.ReadFormAsync(ct); }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)) { throw DncFile.TooLarge(); }
        catch (InvalidDataException) { throw Invalid("file", "The multipart body could not be read."); }
        var file = form.Files.GetFile("file") ?? throw Invalid("file", "Add the numbers as a file in a field named file.");
        if (file.Length > DncFile.MaxBytes) throw DncFile.TooLarge();
        if (file.Length == 0) throw new DomainException("dnc.empty_file", "The file is empty.", StatusCodes.Status400BadRequest, "file");
        var country = form["default_country"].ToString();
        if (country.Length > 0 && !CountryCode().IsMatch(country))
            throw Invalid("default_country", "Use a two-letter ISO country code, e.g. US.");
        return new DncUploadForm(file, country.Length > 0 ? country.ToUpperInvariant() : null);
    }

    private static DomainException Invalid(string field, string message) => new("dnc.invalid_upload", message, StatusCodes.Status400BadRequest, field);

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryCode();
}
