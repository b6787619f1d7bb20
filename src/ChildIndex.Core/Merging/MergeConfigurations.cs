using ChildIndex.Core.Records;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildIndex.Core.Merging;

public sealed class ChildMergeConfiguration : IEntityTypeConfiguration<ChildMerge>
{
    public void Configure(EntityTypeBuilder<ChildMerge> builder)
    {
        builder.ToTable("ChildMerges");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MergedBy).HasMaxLength(64).IsUnicode(false);
        builder.Property(m => m.Reason).HasMaxLength(FieldRules.JustificationMaxLength);
        builder.Property(m => m.UnmergedBy).HasMaxLength(64).IsUnicode(false);
        builder.Property(m => m.UnmergeReason).HasMaxLength(FieldRules.JustificationMaxLength);
        builder.Property(m => m.Snapshot).IsRequired();
        builder.Ignore(m => m.IsUndone);

        // Restrict: a child's merges go before the child does (RetentionJob purges them first).
        builder.HasOne<Child>().WithMany().HasForeignKey(m => m.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Child>().WithMany().HasForeignKey(m => m.DuplicateId).OnDelete(DeleteBehavior.Restrict);

        // The history of a child, and a merged record's current merge, are each one seek.
        builder.HasIndex(m => m.SurvivorId);
        builder.HasIndex(m => new { m.DuplicateId, m.UnmergedAt });
        builder.HasMany<MergedRow>().WithOne().HasForeignKey(r => r.MergeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MergedRowConfiguration : IEntityTypeConfiguration<MergedRow>
{
    public void Configure(EntityTypeBuilder<MergedRow> builder)
    {
        builder.ToTable("ChildMergeRows");
        builder.HasKey(r => new { r.MergeId, r.Kind, r.RowKey });
        builder.Property(r => r.RowKey).HasMaxLength(36).IsUnicode(false);
    }
}

public sealed class NotSameChildPairConfiguration : IEntityTypeConfiguration<NotSameChildPair>
{
    public void Configure(EntityTypeBuilder<NotSameChildPair> builder)
    {
        builder.ToTable("NotSameChildPairs", table => table.HasCheckConstraint("CK_NotSameChildPairs_Order", "\"FirstChildId\" < \"SecondChildId\""));
        builder.HasKey(p => new { p.FirstChildId, p.SecondChildId });
        builder.Property(p => p.DecidedBy).HasMaxLength(64).IsUnicode(false);
        builder.Property(p => p.Reason).HasMaxLength(FieldRules.JustificationMaxLength);
        builder.HasOne<Child>().WithMany().HasForeignKey(p => p.FirstChildId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Child>().WithMany().HasForeignKey(p => p.SecondChildId).OnDelete(DeleteBehavior.Restrict);

        // A child's decisions from either side: the key finds the first, this the second.
        builder.HasIndex(p => p.SecondChildId);
    }
}
