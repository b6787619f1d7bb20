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

    /// <summary>Candidates whose match probability is below this are not shown. Low on purpose:
    /// the prior is one child in the whole population, so a family name with a date one digit
    /// out is a real but unsure lead; what a search may show is bounded by the minimum criteria
    /// and the 10 results, and the band says how sure it is.</summary>
    public double MinimumScore { get; init; } = 0.1;

    /// <summary>Candidates with at least this match probability are in the strong band; the
    /// others shown are possible matches.</summary>
    public double StrongScore { get; init; } = 0.95;
}
