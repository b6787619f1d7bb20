using ChildIndex.Contracts.V1;

namespace ChildIndex.SyntheticData;

/// <summary>A generated child: the registration an agency would send, and the involvements to
/// record once the child has an index identifier.</summary>
public sealed record SyntheticChild(RegisterChildRequest Registration, IReadOnlyList<Involvement> Involvements);

/// <summary>Generates synthetic children, the same ones for the same seed and date.</summary>
public sealed class SyntheticChildren(int seed, DateOnly today)
{
    public int Seed { get; } = seed;

    public DateOnly Today { get; } = today;

    public IEnumerable<SyntheticChild> Generate(int count)
    {
        _ = count + Seed;
        throw new NotImplementedException();
    }
}
