namespace ConvoMono.Features.Credits;

/// <summary>The one place where seconds become money.</summary>
public static class Pricing
{
    /// <summary>Connected seconds rounded up to the client's increment; a call that never connected bills 0.</summary>
    public static long BillableSeconds(long connectedSeconds, int incrementSeconds)
    {
        if (connectedSeconds <= 0) return 0;
        return (connectedSeconds + incrementSeconds - 1) / incrementSeconds * incrementSeconds;
    }

    /// <summary>billable seconds / 60 × rate, rounded once to the currency's minor unit, half away from zero.</summary>
    public static decimal Amount(long billableSeconds, decimal ratePerMinute, string currency) =>
        Round(billableSeconds * ratePerMinute / 60m, currency);

    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, MinorUnitDigits(currency), MidpointRounding.AwayFromZero);

    public static decimal Profit(decimal billedAmount, decimal retellCost) => billedAmount - retellCost;

    /// <summary>ISO 4217 minor units for the currencies that differ from 2.</summary>
    public static int MinorUnitDigits(string currency) => currency.ToUpperInvariant() switch
    {
        "JPY" or "KRW" or "VND" or "CLP" or "ISK" or "UGX" or "XAF" or "XOF" or "PYG" or "RWF" => 0,
        "BHD" or "KWD" or "OMR" or "JOD" or "TND" or "IQD" or "LYD" => 3,
        _ => 2,
    };

    public static decimal Minutes(long seconds) => Math.Round(seconds / 60m, 2, MidpointRounding.AwayFromZero);
}
