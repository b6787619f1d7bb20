using System.Text.RegularExpressions;

namespace ChildIndex.Core.Identifiers;

/// <summary>UK postcodes in the format Royal Mail issues (BS 7666), normalised to "SW1A 1AA".</summary>
public static partial class Postcode
{
    public static bool TryParse(string? input, out string canonical)
    {
        canonical = string.Empty;
        if (input is null || input.Length > 10)
        {
            return false;
        }

        var compact = input.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (!Format().IsMatch(compact))
        {
            return false;
        }

        canonical = $"{compact[..^3]} {compact[^3..]}";
        return true;
    }

    /// <summary>A postcode district (outward code) alone, such as "LS6" or "sw1a", in canonical
    /// upper case. Searches accept one where a full postcode is not known.</summary>
    public static bool TryParseDistrict(string? input, out string canonical)
    {
        canonical = string.Empty;
        if (input is null || input.Length > 6)
        {
            return false;
        }

        var compact = input.Trim().ToUpperInvariant();
        if (!DistrictFormat().IsMatch(compact))
        {
            return false;
        }

        canonical = compact;
        return true;
    }

    /// <summary>The outward code (postcode district), for example "SW1A" of "SW1A 1AA".</summary>
    public static string OutwardCode(string canonical) => canonical[..canonical.IndexOf(' ', StringComparison.Ordinal)];

    // Outward code: area (1-2 letters) and district; inward code: a digit and two letters, never
    // C, I, K, M, O or V. GIR 0AA is the one historic exception still in use.
    [GeneratedRegex("^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();

    [GeneratedRegex("^(GIR|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]))$", RegexOptions.CultureInvariant)]
    private static partial Regex DistrictFormat();
}
