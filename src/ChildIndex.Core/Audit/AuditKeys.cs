using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildIndex.Core.Audit;

/// <summary>
/// A key that opens the personal part of audit records (ADR 15): one per child, created when a record
/// first needs it, destroyed by the child's purge; and one per month for records that name no child.
/// The only audit table rows are deleted from: destroying a key is how the trail forgets a child
/// without a change to any hashed record.
/// </summary>
public sealed class AuditKey
{
    /// <summary>Random, so that a wrapped key in a record says nothing of whose key it is.</summary>
    public required string KeyId { get; set; }

    /// <summary>Whose key: a child's canonical index id, or "month:YYYY-MM".</summary>
    public required string Subject { get; set; }

    /// <summary>256 random bits.</summary>
    public required byte[] Key { get; set; }

    public long CreatedUnixMs { get; set; }
}

public static class AuditKeySubjects
{
    public static string Month(DateTimeOffset time) =>
        "month:" + time.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

public sealed class AuditKeyConfiguration : IEntityTypeConfiguration<AuditKey>
{
    public void Configure(EntityTypeBuilder<AuditKey> builder)
    {
        builder.ToTable(AuditTables.Keys);
        builder.HasKey(k => k.KeyId);
        builder.Property(k => k.KeyId).HasMaxLength(24).IsUnicode(false);
        builder.Property(k => k.Subject).HasMaxLength(16).IsUnicode(false);
        builder.Property(k => k.Key).HasMaxLength(32);
        builder.HasIndex(k => k.Subject).IsUnique();
    }
}
