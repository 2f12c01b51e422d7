using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>Retell and Twilio failures as one clear 502 problem (<c>phone_numbers.provider_error</c>) that says who failed
/// doing what, with the provider's own message.</summary>
internal static class ProviderErrors
{
    public const string Code = "phone_numbers.provider_error";

    public static bool Is(Exception e) => e is RetellApiException or TwilioApiException or HttpRequestException
        or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException;

    public static string Describe(Exception e) => e switch
    {
        RetellApiException r => $"Retell answered {r.Status}: {r.RetellMessage}",
        TwilioApiException t => $"Twilio answered {t.Status} ({t.Code}): {t.TwilioMessage}",
        HttpRequestException h => "the provider could not be reached: " + h.Message,
        Polly.Timeout.TimeoutRejectedException => "the provider did not answer in time",
        _ => "the provider is failing and is not being called for a moment",
    };

    public static DomainException Problem(Exception e, string doing, string? then = null) =>
        new(Code, $"Could not {doing}: {Describe(e)}.{(then is null ? "" : " " + then)}", StatusCodes.Status502BadGateway);

    public static bool IsNotFound(Exception e) => e is RetellApiException { IsNotFound: true } or TwilioApiException { Status: 404 };
}
