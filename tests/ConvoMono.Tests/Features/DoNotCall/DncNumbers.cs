using ConvoMono.Infrastructure.Phones;

namespace ConvoMono.Tests.Features.DoNotCall;

/// <summary>Random valid US numbers: the platform list is shared by every test in the run, so each test brings its own.</summary>
public static class DncNumbers
{
    private static readonly string[] AreaCodes = ["212", "312", "415", "503", "617", "646", "702", "713", "808", "917"];

    public static string NewUs()
    {
        while (true)
        {
            var raw = $"+1{AreaCodes[Random.Shared.Next(AreaCodes.Length)]}{Random.Shared.Next(200, 1000)}{Random.Shared.Next(0, 10000):D4}";
            if (PhoneNormalizer.ToE164(raw, "US") == raw) return raw;
        }
    }

    public static List<string> ManyUs(int count)
    {
        var numbers = new HashSet<string>();
        while (numbers.Count < count) numbers.Add(NewUs());
        return [.. numbers];
    }

    /// <summary>The same number in national format, as a person types it: (415) 555-2671.</summary>
    public static string National(string e164) => $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}";
}
