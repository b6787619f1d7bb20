using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildIndex.Core.Storage.Configurations;

public sealed class OtherNameConfiguration : IEntityTypeConfiguration<OtherName>
{
    public void Configure(EntityTypeBuilder<OtherName> builder)
    {
        builder.ToTable("OtherNames");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.GivenNames).HasMaxLength(FieldRules.NameMaxLength);
        builder.Property(o => o.FamilyName).HasMaxLength(FieldRules.NameMaxLength);
        builder.HasIndex(o => o.ChildId);
    }
}

public sealed class CarerConfiguration : IEntityTypeConfiguration<Carer>
{
    public void Configure(EntityTypeBuilder<Carer> builder)
    {
        builder.ToTable("Carers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.GivenNames).HasMaxLength(FieldRules.NameMaxLength);
        builder.Property(c => c.FamilyName).HasMaxLength(FieldRules.NameMaxLength);
        builder.Property(c => c.Phone).HasMaxLength(FieldRules.PhoneMaxLength).IsUnicode(false);
        builder.Property(c => c.Email).HasMaxLength(FieldRules.EmailMaxLength).IsUnicode(false);
        builder.OwnsOne(c => c.Address, AddressMapping.Configure);
        builder.HasIndex(c => c.ChildId);
    }
}

public sealed class LocalIdentifierConfiguration : IEntityTypeConfiguration<LocalIdentifier>
{
    public void Configure(EntityTypeBuilder<LocalIdentifier> builder)
    {
        builder.ToTable("LocalIdentifiers");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.OrganisationCode).HasMaxLength(FieldRules.OrganisationCodeMaxLength).IsUnicode(false);
        builder.Property(l => l.Value).HasMaxLength(FieldRules.LocalIdMaxLength).IsUnicode(false);
        // Registration looks children up by an agency's own identifier.
        builder.HasIndex(l => new { l.OrganisationCode, l.Value }).IsUnique();
        builder.HasIndex(l => l.ChildId);
    }
}

public sealed class InvolvementConfiguration : IEntityTypeConfiguration<Involvement>
{
    public void Configure(EntityTypeBuilder<Involvement> builder)
    {
        builder.ToTable("Involvements");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.OrganisationCode).HasMaxLength(FieldRules.OrganisationCodeMaxLength).IsUnicode(false);
        builder.Property(i => i.OrganisationName).HasMaxLength(FieldRules.OrganisationNameMaxLength);
        builder.Property(i => i.PractitionerName).HasMaxLength(FieldRules.PractitionerNameMaxLength);
        builder.Property(i => i.Role).HasMaxLength(FieldRules.RoleMaxLength);
        builder.Property(i => i.Phone).HasMaxLength(FieldRules.PhoneMaxLength).IsUnicode(false);
        builder.Property(i => i.Email).HasMaxLength(FieldRules.EmailMaxLength).IsUnicode(false);
        builder.Ignore(i => i.IsCurrent);
        builder.HasIndex(i => i.ChildId);
    }
}

public sealed class SearchKeyConfiguration : IEntityTypeConfiguration<SearchKey>
{
    public void Configure(EntityTypeBuilder<SearchKey> builder)
    {
        builder.ToTable("SearchKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FamilyKey).HasMaxLength(FieldRules.NameMaxLength * 2).IsUnicode(false);
        builder.Property(k => k.GivenKeys).HasMaxLength(FieldRules.NameMaxLength * 4).IsUnicode(false);
        builder.Property(k => k.Postcode).HasMaxLength(8).IsUnicode(false);
        builder.Property(k => k.PostcodeDistrict).HasMaxLength(4).IsUnicode(false);
        builder.Property(k => k.FamilyPhonetic).HasMaxLength(12).IsUnicode(false);
        builder.Property(k => k.FamilyPhoneticAlt).HasMaxLength(12).IsUnicode(false);
        builder.Property(k => k.GivenPhonetic).HasMaxLength(12).IsUnicode(false);

        // Blocking: each search pass is one seek on one of these, so no search scans the keys. Each
        // also covers what its passes filter on besides the seek and what they return (the child,
        // and the shield and other-name columns that hide a shielded child's keys), so a pass reads
        // the index alone and never the table. SQLite has no INCLUDE, so they are key columns.
        builder.HasIndex(k => new { k.FamilyKey, k.DateOfBirth, k.ChildId, k.Shielded, k.OtherNamePosition }).HasDatabaseName(BlockingIndexes.FamilyKeyDate);
        builder.HasIndex(k => new { k.FamilyKey, k.Postcode, k.ChildId, k.Shielded }).HasDatabaseName(BlockingIndexes.FamilyKeyPostcode);
        builder.HasIndex(k => new { k.FamilyPhonetic, k.BirthYear, k.DateOfBirth, k.GivenPhonetic, k.ChildId, k.Shielded, k.OtherNamePosition }).HasDatabaseName(BlockingIndexes.FamilyPhoneticYear);
        builder.HasIndex(k => new { k.FamilyPhoneticAlt, k.BirthYear, k.DateOfBirth, k.GivenPhonetic, k.ChildId, k.Shielded, k.OtherNamePosition }).HasDatabaseName(BlockingIndexes.FamilyPhoneticAltYear);
        builder.HasIndex(k => new { k.FamilyPhonetic, k.PostcodeDistrict, k.ChildId, k.Shielded }).HasDatabaseName(BlockingIndexes.FamilyPhoneticDistrict);
        builder.HasIndex(k => new { k.GivenPhonetic, k.DateOfBirth, k.ChildId, k.Shielded, k.OtherNamePosition }).HasDatabaseName(BlockingIndexes.GivenPhoneticDate);
        builder.HasIndex(k => new { k.DateOfBirth, k.PostcodeDistrict, k.ChildId, k.Shielded }).HasDatabaseName(BlockingIndexes.DateDistrict);
        builder.HasIndex(k => k.ChildId);
    }
}

public sealed class BreakGlassGrantConfiguration : IEntityTypeConfiguration<BreakGlassGrant>
{
    public void Configure(EntityTypeBuilder<BreakGlassGrant> builder)
    {
        builder.ToTable("BreakGlassGrants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.UserSubject).HasMaxLength(64).IsUnicode(false);
        builder.Property(g => g.UserName).HasMaxLength(100);
        builder.Property(g => g.OrganisationCode).HasMaxLength(FieldRules.OrganisationCodeMaxLength).IsUnicode(false);
        builder.Property(g => g.Justification).HasMaxLength(200);
        builder.Property(g => g.ReviewNote).HasMaxLength(200);
        builder.Property(g => g.ReviewedBy).HasMaxLength(64).IsUnicode(false);
        builder.HasOne<Child>().WithMany().HasForeignKey(g => g.ChildId).OnDelete(DeleteBehavior.Restrict);
        // GetChild checks for a live override of the caller on the child; the index team lists open reviews.
        builder.HasIndex(g => new { g.UserSubject, g.ChildId, g.ExpiresAt });
        builder.HasIndex(g => new { g.ReviewStatus, g.OpenedAt });
    }
}

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyRecords");
        builder.HasKey(r => new { r.Scope, r.RequestId });
        builder.Property(r => r.Scope).HasMaxLength(100).IsUnicode(false);
        builder.Property(r => r.Operation).HasMaxLength(40).IsUnicode(false);
        builder.Property(r => r.RequestHash).HasMaxLength(32);
        builder.Property(r => r.ChildIndexId).HasMaxLength(Identifiers.ChildId.Length).IsUnicode(false);
    }
}
