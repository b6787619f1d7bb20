namespace ChildIndex.Core.Identifiers;

/// <summary>NHS number: 10 digits, the last a modulus 11 check digit.</summary>
public static class NhsNumber
{
    /// <summary>Accepts spaces and hyphens as people write them ("943 476 5919").</summary>
    public static bool TryParse(string? input, out string canonical)
    {
        canonical = string.Empty;
        if (input is null || input.Length > 16)
        {
            return false;
        }

        Span<int> digits = stackalloc int[10];
        var count = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (c is < '0' or > '9' || count == 10)
            {
                return false;
            }

            digits[count++] = c - '0';
        }

        if (count != 10)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += digits[i] * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        // A remainder giving 10 means no valid NHS number has these first nine digits.
        if (check == 10 || check != digits[9])
        {
            return false;
        }

        canonical = string.Concat(digits.ToArray());
        return true;
    }
}
