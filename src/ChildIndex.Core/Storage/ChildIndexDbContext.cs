using ChildIndex.Core.Audit;
using ChildIndex.Core.Merging;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Common.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Storage;

public sealed class ChildIndexDbContext(DbContextOptions<ChildIndexDbContext> options) : DbContext(options)
{
    public const string DefaultSqliteFile = "childindex.db";

    public DbSet<Child> Children => Set<Child>();
    public DbSet<OtherName> OtherNames => Set<OtherName>();
    public DbSet<Carer> Carers => Set<Carer>();
    public DbSet<LocalIdentifier> LocalIdentifiers => Set<LocalIdentifier>();
    public DbSet<Involvement> Involvements => Set<Involvement>();
    public DbSet<SearchKey> SearchKeys => Set<SearchKey>();

    /// <summary>The read model: each child's record as GetChild serves it (<see cref="ChildDocuments"/>).</summary>
    public DbSet<ChildDocument> ChildDocuments => Set<ChildDocument>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<BreakGlassGrant> BreakGlassGrants => Set<BreakGlassGrant>();
    public DbSet<PossibleDuplicate> PossibleDuplicates => Set<PossibleDuplicate>();
    public DbSet<ChildMerge> ChildMerges => Set<ChildMerge>();
    public DbSet<MergedRow> MergedRows => Set<MergedRow>();
    public DbSet<NotSameChildPair> NotSameChildPairs => Set<NotSameChildPair>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditChildLink> AuditChildLinks => Set<AuditChildLink>();
    public DbSet<AuditCheckpointRow> AuditCheckpoints => Set<AuditCheckpointRow>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<AuditTreeNode> AuditTreeNodes => Set<AuditTreeNode>();
    public DbSet<AuditKey> AuditKeys => Set<AuditKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChildIndexDbContext).Assembly);

        if (Database.IsSqlite())
        {
            modelBuilder.AddSqliteLengthChecks();
        }
    }
}
