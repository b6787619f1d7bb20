namespace ChildIndex.Core.Matching;

/// <summary>The two Double Metaphone codes of a name: the primary (the most likely English
/// pronunciation) and the alternate (another plausible one, often a foreign reading). Equal codes
/// are kept once: <see cref="Alternate"/> is null when it would repeat <see cref="Primary"/>.</summary>
public readonly record struct PhoneticCode(string Primary, string? Alternate)
{
    public static readonly PhoneticCode None = new(string.Empty, null);

    public bool IsEmpty => Primary.Length == 0 && Alternate is null;

    /// <summary>Both codes, without duplicates or empty codes.</summary>
    public IEnumerable<string> Codes()
    {
        if (Primary.Length > 0)
        {
            yield return Primary;
        }

        if (Alternate is { Length: > 0 } alternate)
        {
            yield return alternate;
        }
    }

    /// <summary>Whether the primary codes agree (the strong form of "sounds the same").</summary>
    public bool SamePrimary(PhoneticCode other) => Primary.Length > 0 && Primary == other.Primary;

    /// <summary>Whether any code of one equals any code of the other.</summary>
    public bool SharesAnyCode(PhoneticCode other) => Codes().Any(c => other.Codes().Contains(c, StringComparer.Ordinal));

    /// <summary>The first code of this one that the other has too, else this primary code.</summary>
    public string SharedWith(PhoneticCode other)
    {
        var codes = other.Codes().ToList();
        return Codes().FirstOrDefault(c => codes.Contains(c, StringComparer.Ordinal)) ?? Primary;
    }

    public override string ToString() => Alternate is null ? Primary : $"{Primary}/{Alternate}";
}
