namespace ChildIndex.Core.Audit;

/// <summary>
/// One record of the audit trail, as appended: never updated, never deleted (the database refuses
/// both). <see cref="Record"/> holds the serialized childindex.v1.AuditRecord, the Merkle leaf; the
/// other columns repeat some of its fields so that queries can use indexes.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the trail from 0, without gaps: the Merkle leaf index.</summary>
    public long Sequence { get; set; }

    /// <summary>Unix milliseconds, for range queries on every provider.</summary>
    public long TimeUnixMs { get; set; }

    public required string Action { get; set; }
    public required string Outcome { get; set; }
    public string? ActorSubject { get; set; }
    public string? ActorOrganisation { get; set; }
    public required byte[] Record { get; set; }

    /// <summary>SHA-256(0x00 || Record), kept from the moment of appending.</summary>
    public required byte[] LeafHash { get; set; }
}

/// <summary>Which records touched which child: the index behind WhoAccessedChild.</summary>
public sealed class AuditChildLink
{
    public required string ChildId { get; set; }
    public long Sequence { get; set; }
}

/// <summary>A signed checkpoint: the first <see cref="TreeSize"/> records have root <see cref="RootHash"/>.</summary>
public sealed class AuditCheckpointRow
{
    public long TreeSize { get; set; }
    public required byte[] RootHash { get; set; }
    public long TimeUnixSeconds { get; set; }
    public required string KeyId { get; set; }
    public required byte[] Signature { get; set; }
}

/// <summary>
/// The hash of a complete subtree of the trail's Merkle tree (<see cref="ChildIndex.Audit.MerkleNodes.StoredFromLevel"/>
/// levels or more), stored when its last record is appended so that a proof reads O(log n) rows
/// instead of every leaf. Derived data, append-only like the records, and checked by verification.
/// </summary>
public sealed class AuditTreeNode
{
    public int Level { get; set; }
    public long Index { get; set; }
    public required byte[] Hash { get; set; }
}

/// <summary>
/// The trail's end: its size and the compact range (subtree roots) that lets the next append
/// compute the new root without reading old records. One row, locked by every append, which is
/// what keeps one gapless sequence when several directory instances share the database. It is a
/// cache: verification never trusts it.
/// </summary>
public sealed class AuditHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long TreeSize { get; set; }

    /// <summary>The compact range's subtree hashes, largest first, 32 bytes each.</summary>
    public byte[] SubtreeHashes { get; set; } = [];

    /// <summary>The last identity-server authentication event copied into the trail.</summary>
    public long LastAuthEventId { get; set; }
}
