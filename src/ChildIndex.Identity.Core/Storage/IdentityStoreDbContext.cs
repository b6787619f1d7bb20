using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Clients;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Common.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildIndex.Identity.Core.Storage;

/// <summary>The identity server's store: users, agency clients, authentication events, and
/// OpenIddict's applications, authorizations, scopes and tokens.</summary>
public sealed class IdentityStoreDbContext(DbContextOptions<IdentityStoreDbContext> options) : DbContext(options)
{
    public const string DefaultSqliteFile = "identity.db";

    /// <summary>Its own history table, so that it may share a database with the directory.</summary>
    public const string MigrationsHistoryTable = "__IdentityMigrationsHistory";

    public DbSet<User> Users => Set<User>();
    public DbSet<AgencyClient> AgencyClients => Set<AgencyClient>();
    public DbSet<AuthEvent> AuthEvents => Set<AuthEvent>();

    public static void Configure(DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Apply(options, MigrationsHistoryTable);
        options.UseOpenIddict();
    }

    public static IdentityStoreDbContext Create(DatabaseSettings settings)
    {
        var options = new DbContextOptionsBuilder<IdentityStoreDbContext>();
        Configure(options, settings);
        return new IdentityStoreDbContext(options.Options);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IdentityStoreDbContext).Assembly);
        if (Database.IsSqlite())
        {
            modelBuilder.AddSqliteLengthChecks();
        }
    }
}

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("Users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Username).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(u => u.Username).IsUnique();
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.OrganisationCode).HasMaxLength(12).IsUnicode(false);
        builder.HasIndex(u => u.OrganisationCode);
        builder.Property(u => u.OrganisationName).HasMaxLength(100);
        builder.Property(u => u.Roles).HasMaxLength(200).IsUnicode(false);
        builder.Property(u => u.PasswordHash).HasMaxLength(200).IsUnicode(false);
        builder.Property(u => u.ProtectedTotpSecret).HasMaxLength(500).IsUnicode(false);
        builder.Property(u => u.SuspensionReason).HasMaxLength(200);
        builder.Property(u => u.DbsCertificateReference).HasMaxLength(12).IsUnicode(false);
        builder.Ignore(u => u.RoleList);
    }
}

public sealed class AgencyClientConfiguration : IEntityTypeConfiguration<AgencyClient>
{
    public void Configure(EntityTypeBuilder<AgencyClient> builder)
    {
        builder.ToTable("AgencyClients");
        builder.HasKey(c => c.ClientId);
        builder.Property(c => c.ClientId).HasMaxLength(64).IsUnicode(false);
        builder.Property(c => c.DisplayName).HasMaxLength(100);
        builder.Property(c => c.OrganisationCode).HasMaxLength(12).IsUnicode(false);
        builder.Property(c => c.OrganisationName).HasMaxLength(100);
    }
}

public sealed class AuthEventConfiguration : IEntityTypeConfiguration<AuthEvent>
{
    public void Configure(EntityTypeBuilder<AuthEvent> builder)
    {
        builder.ToTable("AuthEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Subject).HasMaxLength(64).IsUnicode(false);
        builder.Property(e => e.Username).HasMaxLength(64);
        builder.Property(e => e.ClientId).HasMaxLength(64).IsUnicode(false);
        builder.Property(e => e.Actor).HasMaxLength(64).IsUnicode(false);
        builder.Property(e => e.ClientAddress).HasMaxLength(45).IsUnicode(false);
        builder.Property(e => e.Detail).HasMaxLength(200);
        builder.HasIndex(e => e.Time);
    }
}
