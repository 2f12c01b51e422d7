namespace ConvoMono.Features.Calls;

public enum TranscriptSpeaker { Agent, Contact, Other }

public sealed record TranscriptTurn(TranscriptSpeaker Speaker, string Text);

/// <summary>The provider's transcript (<c>Agent: ...</c> and <c>User: ...</c>, one turn a line) as a conversation. A line
/// without a speaker continues the turn before it.</summary>
public static class TranscriptTurns
{
    public static IReadOnlyList<TranscriptTurn> Parse(string? transcript)
    {
        var turns = new List<TranscriptTurn>();
        if (string.IsNullOrWhiteSpace(transcript)) return turns;
        foreach (var raw in transcript.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith("Agent:", StringComparison.Ordinal)) turns.Add(new(TranscriptSpeaker.Agent, line[6..].TrimStart()));
            else if (line.StartsWith("User:", StringComparison.Ordinal)) turns.Add(new(TranscriptSpeaker.Contact, line[5..].TrimStart()));
            else if (turns.Count > 0) turns[^1] = turns[^1] with { Text = turns[^1].Text + "\n" + line };
            else turns.Add(new(TranscriptSpeaker.Other, line));
        }
        return turns;
    }
}
