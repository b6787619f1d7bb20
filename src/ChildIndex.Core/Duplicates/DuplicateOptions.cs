namespace ChildIndex.Core.Duplicates;

/// <summary>
/// The thresholds of registration's duplicate check, as match probabilities (0 to 1):
/// CHILDINDEX_DUPLICATE_UPPER (default 0.999) and CHILDINDEX_DUPLICATE_LOWER (default 0.5).
/// See docs/decisions/0016-duplicates-at-registration.md for why these defaults.
/// </summary>
public sealed record DuplicateOptions
{
    public const double DefaultUpper = 0.999;
    public const double DefaultLower = 0.5;

    /// <summary>At or above this, on strong evidence, a registration is the child the index holds.</summary>
    public double Upper { get; init; } = DefaultUpper;

    /// <summary>At or above this (and not the same child), the new record raises a possible-duplicate task.</summary>
    public double Lower { get; init; } = DefaultLower;

    /// <summary>Refuses thresholds that cannot work: each within (0, 1], the lower not above the upper.</summary>
    public DuplicateOptions Validated()
    {
        if (!(Lower > 0 && Lower <= 1) || !(Upper > 0 && Upper <= 1) || Lower > Upper)
        {
            throw new InvalidOperationException(
                "CHILDINDEX_DUPLICATE_LOWER and CHILDINDEX_DUPLICATE_UPPER must be probabilities above 0 and at most 1, the lower not above the upper");
        }

        return this;
    }
}
