using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Twilio;
using Microsoft.AspNetCore.Mvc;

namespace ConvoMono.Features.PhoneNumbers;

public sealed record SearchAvailableNumbersQuery
{
    [FromQuery(Name = "provider"), AllowedValues(null, "retell", "twilio", ErrorMessage = "The provider must be retell or twilio.")]
    public string? Provider { get; init; } = "twilio";
    [FromQuery(Name = "area_code"), Range(200, 999, ErrorMessage = "The area code has three digits (US/CA), e.g. 415.")]
    public int? AreaCode { get; init; }
    [FromQuery(Name = "country"), RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use a two-letter ISO country code, e.g. US.")]
    public string? Country { get; init; }
    [FromQuery(Name = "limit"), Range(1, 30)] public int? Limit { get; init; }
}

public sealed record AvailableNumberDto(string PhoneNumber, string? FriendlyName, string? Region, string? Locality);

/// <summary>Twilio numbers for sale, for the buy dialog. Retell has no search: it picks a number in the area code at purchase.</summary>
public sealed record AvailableNumbersDto(string Provider, bool Searchable, string? Note, IReadOnlyList<AvailableNumberDto> Data);

public sealed class SearchAvailableNumbersHandler(TwilioClient twilio)
{
    public async Task<AvailableNumbersDto> HandleAsync(SearchAvailableNumbersQuery query, CancellationToken ct)
    {
        if (query.Provider == "retell")
            return new("retell", false, "Retell has no number search: it picks a free number in the area code when you buy.", []);
        try
        {
            var found = await twilio.SearchAsync((query.Country ?? "US").ToUpperInvariant(), query.AreaCode, tollFree: false, pageSize: query.Limit ?? 10, ct);
            return new("twilio", true, found.Count == 0 ? "Twilio has no number in this area code right now." : null,
                found.Select(n => new AvailableNumberDto(n.PhoneNumber, n.FriendlyName, n.Region, n.Locality)).ToList());
        }
        catch (Exception e) when (ProviderErrors.Is(e)) { throw ProviderErrors.Problem(e, "search numbers at Twilio"); }
    }
}
