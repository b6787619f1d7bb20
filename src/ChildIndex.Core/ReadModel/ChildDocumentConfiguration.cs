using ChildIndex.Core.Identifiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildIndex.Core.ReadModel;

public sealed class ChildDocumentConfiguration : IEntityTypeConfiguration<ChildDocument>
{
    public void Configure(EntityTypeBuilder<ChildDocument> builder)
    {
        builder.ToTable("ChildDocuments");
        builder.HasKey(d => d.IndexId);
        builder.Property(d => d.IndexId).HasMaxLength(ChildId.Length).IsUnicode(false).ValueGeneratedNever();
        builder.Property(d => d.Document).IsRequired();

        // One document per child, removed with it.
        builder.HasOne(d => d.Child).WithOne().HasForeignKey<ChildDocument>(d => d.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.ChildId).IsUnique();
    }
}
