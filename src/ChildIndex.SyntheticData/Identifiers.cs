using System.Buffers.Binary;

namespace ChildIndex.SyntheticData;

/// <summary>
/// A keyed bijection of [0, modulus): a Feistel network over enough bits, walked until it lands
/// inside the range. Identifiers derived from it are unique by construction, with no set of
/// issued values to keep, which lets the generator stream millions of children in constant
/// memory; and unlike an affine map, neighbouring indexes share no visible digit pattern.
/// </summary>
internal sealed class Scramble
{
    private const int Rounds = 4;

    private readonly ulong _modulus;
    private readonly int _halfBits;
    private readonly ulong _halfMask;
    private readonly ulong[] _keys = new ulong[Rounds];

    // The showcase children hold fixed values. The generated child that would have drawn one of
    // them draws instead a value left free by a showcase index, so uniqueness still holds.
    private readonly ulong[] _taken;
    private readonly ulong[] _spare;

    /// <param name="modulus">The size of the range, at most 2^62.</param>
    /// <param name="key">Chooses the permutation (the seed mixed with the identifier's kind).</param>
    /// <param name="showcaseCount">Indexes below this are never asked for (the showcase children).</param>
    /// <param name="reserved">Values the showcase children hold, at most showcaseCount of them.</param>
    public Scramble(ulong modulus, ulong key, int showcaseCount, params ulong[] reserved)
    {
        _modulus = modulus;
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(modulus - 1);
        _halfBits = (bits + 1) / 2;
        _halfMask = (1UL << _halfBits) - 1;
        for (var i = 0; i < Rounds; i++)
        {
            key = Prng.Mix(key + 0x9E3779B97F4A7C15UL);
            _keys[i] = key;
        }

        var natural = new ulong[showcaseCount];
        for (var i = 0; i < showcaseCount; i++)
        {
            natural[i] = Apply((ulong)i);
        }

        _taken = [.. reserved.Where(r => !natural.Contains(r))];
        _spare = [.. natural.Where(n => !reserved.Contains(n))];
    }

    /// <summary>The value for an index in [showcaseCount, modulus).</summary>
    public ulong Value(ulong index)
    {
        var value = Apply(index);
        for (var i = 0; i < _taken.Length; i++)
        {
            if (value == _taken[i])
            {
                return _spare[i];
            }
        }

        return value;
    }

    /// <summary>The plain permutation, for blocks of indexes that hold no showcase child.</summary>
    public ulong Apply(ulong index)
    {
        // Cycle walking: the network permutes [0, 2^(2 * halfBits)); applying it again to a value
        // outside the range eventually comes back inside, and the result is still a bijection.
        var value = index;
        do
        {
            value = Feistel(value);
        }
        while (value >= _modulus);

        return value;
    }

    private ulong Feistel(ulong value)
    {
        var left = value >> _halfBits;
        var right = value & _halfMask;
        for (var i = 0; i < Rounds; i++)
        {
            (left, right) = (right, left ^ (Prng.Mix(right ^ _keys[i]) & _halfMask));
        }

        return (left << _halfBits) | right;
    }
}

internal static class NhsNumbers
{
    public const int PerBlock = 10_000_000;

    /// <summary>
    /// Numbers starting 9 or 8 lie outside the ranges issued to patients (4, 6 and 7 in England
    /// and Wales, 0 to 3 in Scotland and Northern Ireland), so a synthetic number never names a
    /// real person. Seven payload digits, then one digit chosen so that a check digit exists.
    /// </summary>
    public static string Format(char prefix, ulong payload)
    {
        Span<char> c = stackalloc char[10];
        c[0] = prefix;
        WriteDigits(c.Slice(1, 7), payload);
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (c[i] - '0') * (10 - i);
        }

        // The ninth digit has weight 2, which is invertible modulo 11, so at most one of its ten
        // values gives the impossible check 10: trying the next digit always succeeds.
        var ninth = (int)((payload / 10) % 10);
        int check;
        while (true)
        {
            check = (11 - ((sum + (2 * ninth)) % 11)) % 11;
            if (check != 10)
            {
                break;
            }

            ninth = (ninth + 1) % 10;
        }

        c[8] = (char)('0' + ninth);
        c[9] = (char)('0' + check);
        return new string(c);
    }

    public static void WriteDigits(Span<char> target, ulong value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
    }
}

/// <summary>DfE Unique Pupil Numbers: check letter, LA code, establishment, year of allocation, serial.</summary>
internal static class Upns
{
    public const int PerBlock = 10_000_000;

    private const string Letters = "ABCDEFGHJKLMNPQRTUVWXYZ";

    /// <param name="laCode">The DfE number of the local authority that allocated it.</param>
    /// <param name="payload">Seven digits: the establishment number (4) and the serial (3).</param>
    /// <param name="allocationYear">The year of allocation; its last two digits are written.</param>
    /// <param name="temporary">A temporary UPN ends in a letter; it opens a second block of ten
    /// million that can never equal a permanent one.</param>
    public static string Format(int laCode, ulong payload, int allocationYear, bool temporary)
    {
        Span<char> c = stackalloc char[13];
        NhsNumbers.WriteDigits(c.Slice(1, 3), (ulong)laCode);
        NhsNumbers.WriteDigits(c.Slice(4, 4), payload / 1000);
        NhsNumbers.WriteDigits(c.Slice(8, 2), (ulong)(allocationYear % 100));
        NhsNumbers.WriteDigits(c.Slice(10, 3), payload % 1000);
        if (temporary)
        {
            c[12] = Letters[c[12] - '0'];
        }

        var sum = 0;
        for (var position = 2; position <= 13; position++)
        {
            var ch = c[position - 1];
            sum += (ch is >= '0' and <= '9' ? ch - '0' : Letters.IndexOf(ch, StringComparison.Ordinal)) * position;
        }

        c[0] = Letters[sum % 23];
        return new string(c);
    }
}

internal static class RequestIds
{
    /// <summary>A version 8 (application-defined) UUID, so nobody takes it for a random one.</summary>
    public static string For(int seed, int index)
    {
        var key = ((ulong)(uint)seed << 32) | (uint)index;
        var high = Prng.Mix(key ^ 0x52455155455354UL);
        var low = Prng.Mix(high ^ 0x1D2C3B4A59687766UL);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
