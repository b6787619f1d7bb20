namespace ChildIndex.Core.Lookup;

/// <summary>How many searches one user may make: a person searching faster than anyone looking
/// children up one at a time could be trawling the index. The host supplies the implementation.</summary>
public interface ISearchRateLimiter
{
    /// <summary>The limit (searches a minute), for the refusal's message.</summary>
    int PerMinute { get; }

    /// <summary>Takes one search from <paramref name="subject"/>'s allowance; false when none is left.</summary>
    bool TryAcquire(string subject);
}
