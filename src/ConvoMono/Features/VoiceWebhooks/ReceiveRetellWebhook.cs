using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.VoiceWebhooks;

public sealed class VoiceWebhookOptions
{
    public const string Section = "VoiceWebhooks";
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}

public enum WebhookIntake { Stored, Duplicate }

/// <summary>Takes in one Retell webhook: checks the signature over the raw body, stores the event in the inbox, and
/// recognises a redelivery. Processing happens later, in <see cref="WebhookInboxProcessor"/>.</summary>
public sealed class ReceiveRetellWebhookHandler(
    WebhookInboxWriter writer, RetellSettings retell, IOptions<VoiceWebhookOptions> options, TimeProvider clock,
    ILogger<ReceiveRetellWebhookHandler> log)
{
    public const string Provider = "retell";

    public async Task<WebhookIntake> HandleAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, options.Value.MaxBodyBytes, ct);
        var now = clock.GetUtcNow();
        var key = (await retell.GetAsync(ct)).ApiKey;
        if (!RetellSignature.Verify(body, key, request.Headers[RetellSignature.Header], now.ToUnixTimeMilliseconds()))
        {
            log.LogWarning("Refused a Retell webhook with a missing, stale or wrong signature from {Ip}", request.HttpContext.Connection.RemoteIpAddress);
            throw new DomainException("webhooks.invalid_signature", "The x-retell-signature header is missing, stale or does not match.",
                StatusCodes.Status401Unauthorized);
        }

        var (eventType, callId) = ReadEnvelope(body);
        var row = new WebhookEvent
        {
            Provider = Provider, EventType = eventType, ProviderCallId = callId,
            DedupKey = callId is null ? "body:" + Convert.ToHexStringLower(SHA256.HashData(body)) : $"{eventType}:{callId}",
            Payload = Encoding.UTF8.GetString(body), ReceivedAt = now.UtcDateTime, NextAttemptAt = now.UtcDateTime,
        };
        return await writer.StoreAsync(row, ct) ? WebhookIntake.Stored : WebhookIntake.Duplicate;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) throw TooLarge(limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static DomainException TooLarge(int limit) =>
        new("webhooks.too_large", $"The webhook body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>The event type and call id; a signed body that is not a Retell envelope is refused (400).</summary>
    private static (string Event, string? CallId) ReadEnvelope(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String)
            {
                string? callId = null;
                foreach (var container in new[] { "call", "chat", "call_inbound" })
                    if (root.TryGetProperty(container, out var c) && c.ValueKind == JsonValueKind.Object
                        && c.TryGetProperty(container == "chat" ? "chat_id" : "call_id", out var id) && id.ValueKind == JsonValueKind.String)
                        callId = id.GetString();
                var type = e.GetString()!;
                return (type.Length > 64 ? type[..64] : type, callId);
            }
        }
        catch (JsonException) { }
        throw new DomainException("webhooks.malformed", "The webhook body is not a Retell event (a JSON object with an \"event\").",
            StatusCodes.Status400BadRequest);
    }
}
