using ChildIndex.Common.Storage;
using System.Security.Cryptography;
using ChildIndex.Audit;
using Microsoft.Extensions.Configuration;

namespace ChildIndex.Core.Audit;

/// <summary>
/// The ECDSA P-256 key that signs checkpoints: AUDIT_SIGNING_KEY names a PEM file of the private key
/// (shared by every directory instance). In Development and Testing, when it is not set, a key is
/// generated once into DATA_DIR as audit-signing-key.pem, with its public half beside it as
/// audit-signing-key.pub.pem for offline verification. Elsewhere the directory refuses to start
/// without one.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    public const string DevelopmentFile = "audit-signing-key.pem";
    public const string DevelopmentPublicFile = "audit-signing-key.pub.pem";

    private AuditSigningKey(ECDsa key)
    {
        Key = key;
        KeyId = CheckpointSignatures.KeyId(key);
    }

    public ECDsa Key { get; }

    public string KeyId { get; }

    public static AuditSigningKey Load(IConfiguration configuration, bool mayGenerate)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = ECDsa.Create();
        if (configuration["AUDIT_SIGNING_KEY"] is { Length: > 0 } path)
        {
            key.ImportFromPem(File.ReadAllText(path));
            return new AuditSigningKey(key);
        }

        if (!mayGenerate)
        {
            key.Dispose();
            throw new InvalidOperationException("AUDIT_SIGNING_KEY is required outside Development: the path of a PEM file holding the ECDSA P-256 key that signs audit checkpoints");
        }

        var dataDir = DatabaseSettings.DataDirectory(configuration);
        var file = Path.Combine(dataDir, DevelopmentFile);
        if (File.Exists(file))
        {
            key.ImportFromPem(File.ReadAllText(file));
            return new AuditSigningKey(key);
        }

        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(dataDir);
        File.WriteAllText(file, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(Path.Combine(dataDir, DevelopmentPublicFile), key.ExportSubjectPublicKeyInfoPem());
        return new AuditSigningKey(key);
    }

    public void Dispose() => Key.Dispose();
}
