using ChildIndex.Core.Records;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildIndex.Core.Storage.Configurations;

public sealed class PossibleDuplicateConfiguration : IEntityTypeConfiguration<PossibleDuplicate>
{
    public void Configure(EntityTypeBuilder<PossibleDuplicate> builder)
    {
        builder.ToTable("PossibleDuplicates");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.WeightsVersion).HasMaxLength(64).IsUnicode(false);
        builder.Property(d => d.RaisedByOrganisation).HasMaxLength(FieldRules.OrganisationCodeMaxLength).IsUnicode(false);
        builder.Property(d => d.RaisedBy).HasMaxLength(100).IsUnicode(false);
        builder.Property(d => d.Reason).HasMaxLength(200);
        builder.Property(d => d.ClosedBy).HasMaxLength(64).IsUnicode(false);

        // Restrict: a purge deletes a child's tasks first, so that no task outlives its child.
        builder.HasOne(d => d.NewChild).WithMany().HasForeignKey(d => d.NewChildId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.ExistingChild).WithMany().HasForeignKey(d => d.ExistingChildId).OnDelete(DeleteBehavior.Restrict);

        // The index team's queue: open tasks, newest first (a seek, then a backward read).
        builder.HasIndex(d => new { d.Status, d.Id });
        builder.HasIndex(d => d.NewChildId);
        builder.HasIndex(d => d.ExistingChildId);
    }
}
