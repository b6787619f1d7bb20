using System.Security.Cryptography;

namespace ChildIndex.Core.Identifiers;

/// <summary>
/// The index's own identifier for a child: 8 random characters from Crockford's base-32 alphabet
/// and a Luhn mod 32 check character, written XXXX-XXXX-C.
/// </summary>
/// <remarks>
/// Random rather than sequential so that an identifier says nothing about when a child was added
/// and cannot be enumerated (see docs/decisions/0003-child-identifier.md). The check character
/// catches every single mistyped character and every swap of two adjacent characters.
/// </remarks>
public static class ChildId
{
    public const int Length = 9;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Radix = 32;

    /// <summary>A new identifier in canonical form (9 characters, no hyphens).</summary>
    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length - 1; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Radix)];
        }

        chars[Length - 1] = Alphabet[CheckValue(chars[..(Length - 1)])];
        return new string(chars);
    }

    /// <summary>
    /// Reads an identifier as a person might type it: any case, with or without hyphens and
    /// spaces, with I or L for 1 and O for 0.
    /// </summary>
    public static bool TryParse(string? input, out string canonical)
    {
        canonical = string.Empty;
        Span<char> chars = stackalloc char[Length];
        if (input is null || !TryParse(input, chars))
        {
            return false;
        }

        canonical = new string(chars);
        return true;
    }

    /// <summary><see cref="TryParse(string?, out string)"/> into <paramref name="canonical"/>
    /// (<see cref="Length"/> characters), allocating nothing.</summary>
    public static bool TryParse(ReadOnlySpan<char> input, Span<char> canonical)
    {
        if (input.IsWhiteSpace() || input.Length > 20 || canonical.Length < Length)
        {
            return false;
        }

        var count = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ')
            {
                continue;
            }

            if (count == Length)
            {
                return false;
            }

            var c = char.ToUpperInvariant(raw) switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                var other => other,
            };
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }

            canonical[count++] = c;
        }

        return count == Length && CheckValue(canonical[..(Length - 1)]) == Alphabet.IndexOf(canonical[Length - 1], StringComparison.Ordinal);
    }

    /// <summary>The canonical form of an identifier that is already valid (formatted or not).</summary>
    public static string Compact(string id) =>
        (id ?? string.Empty).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>Formats a canonical identifier for people: XXXX-XXXX-C.</summary>
    public static string Format(string canonical) =>
        Compact(canonical) is { Length: Length } c ? $"{c[..4]}-{c[4..8]}-{c[8]}" : canonical;

    // Luhn mod N: doubles every second value from the right, as the check character will sit to
    // the right of the payload.
    private static int CheckValue(ReadOnlySpan<char> payload)
    {
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / Radix) + (addend % Radix);
        }

        return (Radix - (sum % Radix)) % Radix;
    }
}
