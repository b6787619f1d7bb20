using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ChildIndex.Core.Access;

namespace ChildIndex.Api.Hosting;

/// <summary>What a fully validated access token established: the principal, the caller it
/// describes, when it stops being acceptable, and (for a person) the day their vetting lapses.</summary>
public sealed record ValidatedToken(ClaimsPrincipal Principal, Caller Caller, DateTimeOffset Expires, DateOnly? VettingExpires);

/// <summary>
/// Access tokens that passed every check of <see cref="DirectoryAuthentication"/>, so that the
/// next call with the same token skips the signature check and the claims parsing. Nothing here
/// lengthens a token's life: an entry is dropped at the token's own expiry (before the validator's
/// clock skew would have let it go), and a person's lapsed vetting refuses a cached token the day
/// it lapses, as a fresh validation would. Revocation within 60 s rests on tokens living 50 s
/// (ADR 7), which this keeps.
/// Keyed by the SHA-256 of the whole token: no token is held in memory, and two tokens that share
/// a header (all of ours do) or differ in one character of the signature never meet.
/// Bounded: when full, expired entries are swept out; if it is still full, a token is simply
/// validated in full again.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider time, int capacity = ValidatedTokenCache.DefaultCapacity)
{
    /// <summary>Far more tokens than live at once (a token lives 50 s), and a few MiB at most.</summary>
    public const int DefaultCapacity = 20_000;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<TokenHash, ValidatedToken> _entries = new();
    private long _lastSweep = long.MinValue;

    public int Count => _entries.Count;

    public int Capacity => capacity;

    /// <summary>The token's validation, while it is still acceptable.</summary>
    public ValidatedToken? Find(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var hash = TokenHash.Of(token);
        if (!_entries.TryGetValue(hash, out var entry))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now >= entry.Expires)
        {
            _entries.TryRemove(new KeyValuePair<TokenHash, ValidatedToken>(hash, entry));
            return null;
        }

        return entry.VettingExpires is { } lapses && lapses <= DateOnly.FromDateTime(now.UtcDateTime) ? null : entry;
    }

    /// <summary>Keeps a validated token until it expires; false when the cache is full of live ones.</summary>
    public bool Add(string token, ValidatedToken validated)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(validated);
        if (validated.Expires <= time.GetUtcNow())
        {
            return false;
        }

        if (_entries.Count >= capacity)
        {
            Sweep();
            if (_entries.Count >= capacity)
            {
                return false;
            }
        }

        _entries[TokenHash.Of(token)] = validated;
        return true;
    }

    /// <summary>Removes expired entries, at most once a second however many calls find it full.</summary>
    private void Sweep()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastSweep);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < SweepInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        var expired = time.GetUtcNow();
        foreach (var entry in _entries)
        {
            if (entry.Value.Expires <= expired)
            {
                _entries.TryRemove(entry);
            }
        }
    }

    private readonly record struct TokenHash(UInt128 High, UInt128 Low)
    {
        public static TokenHash Of(string token)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var length = Encoding.UTF8.GetMaxByteCount(token.Length);
            var bytes = length <= 4096 ? stackalloc byte[length] : new byte[length];
            var written = Encoding.UTF8.GetBytes(token, bytes);
            SHA256.HashData(bytes[..written], hash);
            return new TokenHash(
                System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash[16..]));
        }
    }
}
