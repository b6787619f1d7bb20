using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildIndex.Core.Audit;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable(AuditTables.Entries);
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(AuditRow.ActionLength).IsUnicode(false);
        builder.Property(e => e.Outcome).HasMaxLength(AuditRow.OutcomeLength).IsUnicode(false);
        builder.Property(e => e.ActorSubject).HasMaxLength(AuditRow.ActorSubjectLength).IsUnicode(false);
        builder.Property(e => e.ActorOrganisation).HasMaxLength(AuditRow.ActorOrganisationLength).IsUnicode(false);
        builder.Property(e => e.LeafHash).HasMaxLength(32);
        // Security officers' queries: by time, by actor, by organisation, by action.
        builder.HasIndex(e => e.TimeUnixMs);
        builder.HasIndex(e => new { e.ActorSubject, e.Sequence });
        builder.HasIndex(e => new { e.ActorOrganisation, e.Sequence });
        builder.HasIndex(e => new { e.Action, e.Sequence });
    }
}

public sealed class AuditChildLinkConfiguration : IEntityTypeConfiguration<AuditChildLink>
{
    public void Configure(EntityTypeBuilder<AuditChildLink> builder)
    {
        builder.ToTable(AuditTables.ChildLinks);
        builder.HasKey(l => new { l.ChildId, l.Sequence });
        builder.Property(l => l.ChildId).HasMaxLength(9).IsUnicode(false);
        // Verification reads the links of each page of records by sequence. Without this index,
        // every page scanned the whole table: quadratic in the trail, hours at 10,000,000 records.
        builder.HasIndex(l => l.Sequence);
    }
}

public sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpointRow>
{
    public void Configure(EntityTypeBuilder<AuditCheckpointRow> builder)
    {
        builder.ToTable(AuditTables.Checkpoints);
        builder.HasKey(c => c.TreeSize);
        builder.Property(c => c.TreeSize).ValueGeneratedNever();
        builder.Property(c => c.RootHash).HasMaxLength(32);
        builder.Property(c => c.KeyId).HasMaxLength(16).IsUnicode(false);
        builder.Property(c => c.Signature).HasMaxLength(80);
    }
}

public sealed class AuditTreeNodeConfiguration : IEntityTypeConfiguration<AuditTreeNode>
{
    public void Configure(EntityTypeBuilder<AuditTreeNode> builder)
    {
        builder.ToTable(AuditTables.TreeNodes);
        builder.HasKey(n => new { n.Level, n.Index });
        builder.Property(n => n.Level).ValueGeneratedNever();
        builder.Property(n => n.Index).ValueGeneratedNever();
        builder.Property(n => n.Hash).HasMaxLength(32);
    }
}

public sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> builder)
    {
        builder.ToTable(AuditTables.Head);
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.SubtreeHashes).HasMaxLength(64 * 32);
        builder.HasData(new AuditHead());
    }
}

/// <summary>Table names, shared with the migrations' raw SQL that makes four of them append-only.</summary>
public static class AuditTables
{
    public const string Entries = "AuditEntries";
    public const string ChildLinks = "AuditChildLinks";
    public const string Checkpoints = "AuditCheckpoints";
    public const string Head = "AuditHead";
    public const string TreeNodes = "AuditTreeNodes";
    public const string Keys = "AuditKeys";

    /// <summary>The tables the database itself refuses to update or delete from.</summary>
    public static readonly IReadOnlyList<string> AppendOnly = [Entries, ChildLinks, Checkpoints, TreeNodes];
}
