namespace ChildIndex.Core.Identifiers;

/// <summary>
/// Unique Pupil Number (DfE): a check letter, 11 digits, and a final digit (permanent UPN) or
/// letter (temporary UPN). The check letter is the weighted sum of characters 2 to 13 modulo 23.
/// </summary>
public static class UniquePupilNumber
{
    // I, O and S are never used, so 23 letters stand for the values 0 to 22.
    private const string Letters = "ABCDEFGHJKLMNPQRTUVWXYZ";

    public static bool TryParse(string? input, out string canonical)
    {
        canonical = string.Empty;
        if (input is null)
        {
            return false;
        }

        var upn = input.Trim().ToUpperInvariant();
        if (upn.Length != 13)
        {
            return false;
        }

        var sum = 0;
        for (var position = 2; position <= 13; position++)
        {
            var c = upn[position - 1];
            int value;
            if (c is >= '0' and <= '9')
            {
                value = c - '0';
            }
            else if (position == 13 && Letters.Contains(c, StringComparison.Ordinal))
            {
                value = Letters.IndexOf(c, StringComparison.Ordinal);
            }
            else
            {
                return false;
            }

            sum += value * position;
        }

        if (upn[0] != Letters[sum % 23])
        {
            return false;
        }

        canonical = upn;
        return true;
    }
}
