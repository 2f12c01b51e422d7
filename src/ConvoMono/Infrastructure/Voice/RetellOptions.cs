using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Infrastructure.Voice;

/// <summary>Which Retell the platform talks to. In <c>Simulator</c> mode (the default) the built-in simulator is the
/// provider and <see cref="ApiKey"/> is the key it accepts and signs webhooks with; <c>Live</c> needs a real key.</summary>
public sealed class RetellOptions : IValidatableObject
{
    public const string Section = "Retell";

    /// <summary>The simulator's key when none is configured. Not a secret: it only opens the local simulator.</summary>
    public const string SimulatorDefaultKey = "key_convomono_simulator_0000000000";

    [RegularExpression("^(Simulator|Live)$", ErrorMessage = "Retell:Mode must be 'Simulator' or 'Live'.")]
    public string Mode { get; set; } = "Simulator";

    public string? ApiKey { get; set; }

    public string? BaseUrl { get; set; }

    public bool IsSimulator => Mode == "Simulator";

    /// <summary>The key that signs webhooks (Retell's "webhook" API key).</summary>
    public string WebhookKey => string.IsNullOrEmpty(ApiKey) ? SimulatorDefaultKey : ApiKey;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!IsSimulator && string.IsNullOrWhiteSpace(ApiKey))
            yield return new ValidationResult("Retell:ApiKey is required when Retell:Mode is Live.", [nameof(ApiKey)]);
    }
}
