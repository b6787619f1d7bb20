using System.Security.Cryptography;
using Google.Protobuf;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>Key material for sealing: an audit key and its id.</summary>
public sealed record AuditKeyMaterial(string KeyId, byte[] Key);

/// <summary>
/// Crypto-shredding of the audit trail (ADR 15): the personal part of a record (search criteria, the
/// justification typed with a purpose, and a detail that may describe a child) is encrypted under a fresh data key, wrapped under the key of
/// every child the record names. The ciphertext is what is hashed, so the trail verifies with no key,
/// before and after a purge destroys one.
/// </summary>
public static class PersonalDataSeal
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static bool HasPersonalPart(V1.AuditRecord record, bool personalDetail)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Sealed is null
            && (record.Search is not null || record.Purpose is { Justification.Length: > 0 } || (personalDetail && record.Detail.Length > 0));
    }

    /// <summary>The children the record names (canonical index ids), whose keys should open it.</summary>
    public static IReadOnlyList<string> ChildSubjects(V1.AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.ChildIds.Concat(record.ResultChildIds)
            .Select(id => Identifiers.ChildId.TryParse(id, out var canonical) ? canonical : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The key for a record that names no child the index holds.</summary>
    public static string MonthSubject(V1.AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return AuditKeySubjects.Month(record.Time?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch);
    }

    /// <summary>Whose keys open the record: those of <paramref name="keys"/> among the children it
    /// names (a child the index does not hold has none), or else the month it was written in.</summary>
    public static IReadOnlyList<string> SubjectsFor(V1.AuditRecord record, IReadOnlyDictionary<string, AuditKeyMaterial> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var children = ChildSubjects(record).Where(keys.ContainsKey).ToList();
        return children.Count > 0 ? children : [MonthSubject(record)];
    }

    /// <summary>A copy of <paramref name="record"/> with its personal part sealed under the keys of
    /// <see cref="SubjectsFor"/> (a month's key must be in <paramref name="keys"/> where it falls to that).</summary>
    public static V1.AuditRecord Seal(V1.AuditRecord record, bool personalDetail, IReadOnlyDictionary<string, AuditKeyMaterial> keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(keys);
        var part = new V1.AuditRecord { Search = record.Search, Detail = personalDetail ? record.Detail : string.Empty };
        var sealedRecord = record.Clone();
        sealedRecord.Search = null;
        if (record.Purpose is { Justification.Length: > 0 } purpose)
        {
            // The purpose's code stays in clear (the misuse report counts by it); the words typed are sealed.
            part.Purpose = new V1.AccessPurpose { Justification = purpose.Justification };
            sealedRecord.Purpose.Justification = string.Empty;
        }

        if (personalDetail)
        {
            sealedRecord.Detail = string.Empty;
        }

        var dataKey = RandomNumberGenerator.GetBytes(KeySize);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var sealedPart = new V1.SealedPersonalData
        {
            Nonce = ByteString.CopyFrom(nonce),
            Ciphertext = ByteString.CopyFrom(Encrypt(dataKey, nonce, part.ToByteArray())),
        };
        foreach (var subject in SubjectsFor(record, keys))
        {
            var key = keys[subject];
            var wrapNonce = RandomNumberGenerator.GetBytes(NonceSize);
            sealedPart.Keys.Add(new V1.WrappedDataKey
            {
                KeyId = key.KeyId,
                Wrapped = ByteString.CopyFrom([.. wrapNonce, .. Encrypt(key.Key, wrapNonce, dataKey)]),
            });
        }

        CryptographicOperations.ZeroMemory(dataKey);
        sealedRecord.PersonalData = V1.PersonalData.Sealed;
        sealedRecord.Sealed = sealedPart;
        return sealedRecord;
    }

    /// <summary>The key ids that could open a stored record (none when it holds nothing sealed).</summary>
    public static IEnumerable<string> KeyIds(V1.AuditRecord stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Sealed?.Keys.Select(k => k.KeyId) ?? [];
    }

    /// <summary>
    /// A stored record as served: its personal part decrypted with whichever of its keys still
    /// exists (OPENED), or left out when none does (ERASED). A record with nothing sealed is returned
    /// as it is.
    /// </summary>
    public static V1.AuditRecord Open(V1.AuditRecord stored, IReadOnlyDictionary<string, byte[]> keysById)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(keysById);
        if (stored.Sealed is not { } sealedPart)
        {
            return stored;
        }

        var opened = stored.Clone();
        opened.Sealed = null;
        opened.PersonalData = V1.PersonalData.Erased;
        foreach (var wrapped in sealedPart.Keys)
        {
            if (!keysById.TryGetValue(wrapped.KeyId, out var key) || wrapped.Wrapped.Length != NonceSize + KeySize + TagSize)
            {
                continue;
            }

            var bytes = wrapped.Wrapped.Span;
            var dataKey = Decrypt(key, bytes[..NonceSize], bytes[NonceSize..]);
            if (dataKey is null)
            {
                continue;
            }

            var plain = Decrypt(dataKey, sealedPart.Nonce.Span, sealedPart.Ciphertext.Span);
            CryptographicOperations.ZeroMemory(dataKey);
            if (plain is null)
            {
                continue;
            }

            var part = V1.AuditRecord.Parser.ParseFrom(plain);
            opened.Search = part.Search;
            if (part.Purpose is { Justification.Length: > 0 } purpose && opened.Purpose is not null)
            {
                opened.Purpose.Justification = purpose.Justification;
            }

            if (part.Detail.Length > 0)
            {
                opened.Detail = part.Detail;
            }

            opened.PersonalData = V1.PersonalData.Opened;
            break;
        }

        return opened;
    }

    private static byte[] Encrypt(byte[] key, byte[] nonce, byte[] plain)
    {
        using var aes = new AesGcm(key, TagSize);
        var output = new byte[plain.Length + TagSize];
        aes.Encrypt(nonce, plain, output.AsSpan(0, plain.Length), output.AsSpan(plain.Length));
        return output;
    }

    /// <summary>Null when the key is not the one (a key destroyed and a new one made for the same
    /// subject) or the bytes were altered.</summary>
    private static byte[]? Decrypt(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> cipherAndTag)
    {
        if (nonce.Length != NonceSize || cipherAndTag.Length < TagSize)
        {
            return null;
        }

        using var aes = new AesGcm(key, TagSize);
        var plain = new byte[cipherAndTag.Length - TagSize];
        try
        {
            aes.Decrypt(nonce, cipherAndTag[..plain.Length], cipherAndTag[plain.Length..], plain);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
