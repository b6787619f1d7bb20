namespace ChildIndex.Core.Records;

/// <summary>A UK postal address, stored in the columns of its owner (child or carer).</summary>
public sealed class Address
{
    public const int MaxLines = 4;

    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public string? Line3 { get; set; }
    public string? Line4 { get; set; }
    public required string Town { get; set; }

    /// <summary>Canonical form, "SW1A 1AA".</summary>
    public required string Postcode { get; set; }

    public IEnumerable<string> Lines()
    {
        yield return Line1;
        foreach (var line in new[] { Line2, Line3, Line4 })
        {
            if (line is not null)
            {
                yield return line;
            }
        }
    }
}
