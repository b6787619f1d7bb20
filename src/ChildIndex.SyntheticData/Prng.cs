namespace ChildIndex.SyntheticData;

/// <summary>
/// SplitMix64. Our own generator rather than System.Random: the sequence System.Random gives for
/// a seed is not a documented contract, and the data must be identical on every machine and
/// runtime. Integers only (no floating point) for the same reason.
/// </summary>
internal sealed class Prng
{
    private ulong _state;

    /// <summary>Restarts the stream. Each child gets its own stream, so any child can be generated
    /// without generating the ones before it.</summary>
    public void Reset(ulong state) => _state = state;

    /// <summary>The SplitMix64 finaliser: a bijection on 64 bits, so distinct keys never collide.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>0 to n - 1 (multiply-shift: no modulo bias worth measuring, no division).</summary>
    public int Next(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>min to max, both included.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>True with the given chance in ten thousand.</summary>
    public bool Chance(int perTenThousand) => Next(10_000) < perTenThousand;

    public T Pick<T>(T[] items) => items[Next(items.Length)];
}

/// <summary>Picks an index with probability proportional to its weight.</summary>
internal sealed class Weighted
{
    private readonly int[] _cumulative;

    public Weighted(ReadOnlySpan<int> weights)
    {
        _cumulative = new int[weights.Length];
        var total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            _cumulative[i] = total;
        }
    }

    public int Pick(Prng rng)
    {
        // The first entry whose cumulative weight exceeds r: entries of weight 0 are never picked.
        var r = rng.Next(_cumulative[^1]);
        int low = 0, high = _cumulative.Length - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_cumulative[middle] > r)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
