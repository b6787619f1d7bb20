namespace ChildIndex.Core.Matching;

/// <summary>The tunable numbers of name searches. The defaults are the ones measured in
/// docs/matching.md; change them only with a new measurement.</summary>
public sealed record MatchingOptions
{
    /// <summary>At most this many children are returned (anti-trawling).</summary>
    public int MaxResults { get; init; } = 10;

    /// <summary>Each blocking pass reads at most this many keys, so that a common name cannot make
    /// a search read a large part of the index.</summary>
    public int MaxKeysPerPass { get; init; } = 100;

    /// <summary>A date of birth this many days out still matches (SEARCH_DOB_TOLERANCE_DAYS).</summary>
    public int DateToleranceDays { get; init; } = 31;

    /// <summary>Candidates scoring below this are not shown.</summary>
    public double MinimumScore { get; init; } = 0.75;

    /// <summary>A family name (or a given name, when one is searched for) less similar than this
    /// rules the candidate out, whatever else matches.</summary>
    public double MinimumNameSimilarity { get; init; } = 0.75;
}
