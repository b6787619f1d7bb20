using System.Security.Cryptography;
using ChildIndex.Audit;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>Where signed checkpoints are kept outside the directory's database (AUDIT_WITNESS):
/// a witness file, or a witness service (the `witness` command).</summary>
public interface IAuditWitness
{
    /// <summary>For log lines: where the witness is.</summary>
    string Description { get; }

    /// <summary>The newest checkpoint the witness holds, or null when it holds none.</summary>
    Task<V1.WitnessedCheckpoint?> LatestAsync(CancellationToken cancellationToken);

    /// <summary>Adds a checkpoint; throws <see cref="WitnessRefusedException"/> when the witness
    /// refuses it, anything else when it cannot be reached.</summary>
    Task<V1.WitnessedCheckpoint> AddAsync(V1.AddCheckpointRequest request, CancellationToken cancellationToken);
}

/// <summary>A witness file the directory writes itself (AUDIT_WITNESS=file:PATH): on storage the
/// database's owners cannot write, it holds the trail to what was signed.</summary>
public sealed class FileAuditWitness(WitnessLog log) : IAuditWitness
{
    public string Description => $"witness file {log.Path}";

    public Task<V1.WitnessedCheckpoint?> LatestAsync(CancellationToken cancellationToken) =>
        Task.Run(log.Latest, cancellationToken);

    public Task<V1.WitnessedCheckpoint> AddAsync(V1.AddCheckpointRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => log.Add(request), cancellationToken);

    /// <summary>The witness file for AUDIT_WITNESS=file:PATH, checking checkpoints with the directory's own key.</summary>
    public static FileAuditWitness Open(string path, AuditSigningKey key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.Key.ExportSubjectPublicKeyInfo(), out _);
        return new FileAuditWitness(new WitnessLog(path, publicKey, cosigningKey: null, time));
    }
}

/// <summary>The trail in the database does not extend what the witness holds: it was rewritten, or
/// restored from an older copy. Nothing is signed and no audited call is served until people look.</summary>
public sealed class AuditTrailCompromisedException(string message) : Exception(message);
