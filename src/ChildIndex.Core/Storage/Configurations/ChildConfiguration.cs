using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildIndex.Core.Storage.Configurations;

public sealed class ChildConfiguration : IEntityTypeConfiguration<Child>
{
    public void Configure(EntityTypeBuilder<Child> builder)
    {
        builder.ToTable("Children");
        builder.HasKey(c => c.Id);

        // Every look-up by identifier is one seek on a unique index. SQL Server's unique indexes
        // on nullable columns get an IS NOT NULL filter from EF, so many children may lack one.
        builder.Property(c => c.IndexId).HasMaxLength(ChildId.Length).IsUnicode(false);
        builder.HasIndex(c => c.IndexId).IsUnique();
        builder.Property(c => c.NhsNumber).HasMaxLength(10).IsUnicode(false);
        builder.HasIndex(c => c.NhsNumber).IsUnique();
        builder.Property(c => c.Upn).HasMaxLength(13).IsUnicode(false);
        builder.HasIndex(c => c.Upn).IsUnique();

        builder.Property(c => c.GivenNames).HasMaxLength(FieldRules.NameMaxLength);
        builder.Property(c => c.FamilyName).HasMaxLength(FieldRules.NameMaxLength);
        builder.Property(c => c.Gender);
        builder.Property(c => c.Residence);
        builder.Property(c => c.Status);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.ShieldJustification).HasMaxLength(200);
        builder.OwnsOne(c => c.Address, AddressMapping.Configure);

        // The daily retention job finds what is due with two range seeks, not a scan of the index.
        // A default in the database too, so that a writer that knows nothing of retention (an older
        // release, a direct load) still writes rows.
        builder.Property(c => c.RetentionExtension).HasDefaultValue(Retention.RetentionExtension.None);
        builder.Property(c => c.LegalHoldReason).HasMaxLength(200);
        builder.Property(c => c.LegalHoldSetBy).HasMaxLength(200);
        builder.HasIndex(c => new { c.Status, c.DateOfBirth });
        builder.HasIndex(c => new { c.Status, c.ArchivedOn });

        // The survivor's index id rather than a key: GetChild and writes naming a merged record go on
        // by it, and the record's document shows it. No foreign key: a survivor is purged with the
        // records merged into it, in one transaction (RetentionJob).
        builder.Property(c => c.MergedInto).HasMaxLength(ChildId.Length).IsUnicode(false);
        builder.HasIndex(c => c.MergedInto);

        builder.HasMany(c => c.OtherNames).WithOne().HasForeignKey(o => o.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Carers).WithOne().HasForeignKey(o => o.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.LocalIds).WithOne().HasForeignKey(o => o.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Involvements).WithOne().HasForeignKey(o => o.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.SearchKeys).WithOne().HasForeignKey(o => o.ChildId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Addresses live in their owner's row, as Address_Line1 ... Address_Postcode.</summary>
internal static class AddressMapping
{
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, Address> address)
        where TOwner : class
    {
        // Named here rather than by convention so that the SQLite length checks can name them.
        address.Property(a => a.Line1).HasColumnName("Address_Line1").HasMaxLength(FieldRules.AddressLineMaxLength);
        address.Property(a => a.Line2).HasColumnName("Address_Line2").HasMaxLength(FieldRules.AddressLineMaxLength);
        address.Property(a => a.Line3).HasColumnName("Address_Line3").HasMaxLength(FieldRules.AddressLineMaxLength);
        address.Property(a => a.Line4).HasColumnName("Address_Line4").HasMaxLength(FieldRules.AddressLineMaxLength);
        address.Property(a => a.Town).HasColumnName("Address_Town").HasMaxLength(FieldRules.TownMaxLength);
        address.Property(a => a.Postcode).HasColumnName("Address_Postcode").HasMaxLength(8).IsUnicode(false);
    }
}
