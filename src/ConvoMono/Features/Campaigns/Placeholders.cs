using System.Text.RegularExpressions;

namespace ConvoMono.Features.Campaigns;

/// <summary>Finds the <c>{{variable}}</c> placeholders a script uses. Retell fills its own system variables
/// (<c>{{current_time}}</c>, <c>{{user_number}}</c>, ...) itself, so leads never need to supply those.</summary>
public static partial class Placeholders
{
    public static readonly string[] RetellSystemVariables =
        ["current_time", "current_calendar", "current_agent_timezone", "session_type", "session_duration", "user_number", "direct_number", "call_id"];

    public static List<string> Find(params string?[] texts)
    {
        var found = new List<string>();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            foreach (Match match in Pattern().Matches(text))
            {
                var name = match.Groups[1].Value;
                if (found.Contains(name) || IsSystem(name)) continue;
                found.Add(name);
            }
        }
        return found;
    }

    public static bool IsSystem(string name) => RetellSystemVariables.Contains(name) || name.StartsWith("current_time_", StringComparison.Ordinal);

    /// <summary>Replaces each placeholder by its value (for previews); unknown ones stay visible as they are.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Pattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) && !string.IsNullOrEmpty(v) ? v : m.Value);

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Pattern();
}
