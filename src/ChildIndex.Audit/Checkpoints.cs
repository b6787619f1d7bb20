using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChildIndex.Audit;

/// <summary>A checkpoint's content: the first <paramref name="TreeSize"/> records have Merkle root
/// <paramref name="RootHash"/>, as of <paramref name="Time"/>.</summary>
public sealed record Checkpoint(long TreeSize, byte[] RootHash, DateTimeOffset Time)
{
    /// <summary>The exact text that is signed (see audit_trail.proto, SignedCheckpoint).</summary>
    public byte[] SignedText() => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"childindex-audit-checkpoint/v1\n{TreeSize}\n{Convert.ToBase64String(RootHash)}\n{Time.ToUnixTimeSeconds()}\n"));

    /// <summary>What a signed checkpoint claims (its signature not yet checked).</summary>
    public static Checkpoint Of(ChildIndex.Contracts.V1.SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new Checkpoint(checkpoint.TreeSize, checkpoint.RootHash.ToByteArray(), checkpoint.Time?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch);
    }
}

/// <summary>Signs and verifies checkpoints with ECDSA P-256 and SHA-256 (DER signatures).</summary>
public static class CheckpointSignatures
{
    public static byte[] Sign(Checkpoint checkpoint, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        return key.SignData(checkpoint.SignedText(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public static bool Verify(Checkpoint checkpoint, byte[] signature, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(publicKey);
        try
        {
            return publicKey.VerifyData(checkpoint.SignedText(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>First 8 bytes, hex, of the SHA-256 of the public key's SubjectPublicKeyInfo.</summary>
    public static string KeyId(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 8));
    }
}
