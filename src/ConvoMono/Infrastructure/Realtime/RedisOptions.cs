using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Infrastructure.Realtime;

/// <summary>Redis for running several app instances (Redis__ConnectionString): SignalR's backplane, and the channel that
/// carries <see cref="LiveEvent"/>s between instances so a page open on one sees what happened on another.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    [StringLength(1000)] public string? ConnectionString { get; set; }
    /// <summary>Prefix of the channels, so several platforms can share one Redis.</summary>
    [Required, StringLength(100)] public string ChannelPrefix { get; set; } = "convomono";

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}
