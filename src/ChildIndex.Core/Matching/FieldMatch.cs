namespace ChildIndex.Core.Matching;

/// <summary>How well one field of a candidate matches the search, from 0 to 1, and why, in words
/// a practitioner reads in the results ("nickname Bill for William"). No reason when nothing matched.</summary>
public sealed record FieldMatch(double Score, string? Reason)
{
    public static readonly FieldMatch None = new(0, null);
}
