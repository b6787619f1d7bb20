using System.Runtime.CompilerServices;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.ReadModel;

/// <summary>
/// Keeps each child's <see cref="ChildDocument"/> equal to its record as the entity tables hold it,
/// and reads it back. Every write that changes what GetChild shows, in its transaction:
/// <list type="number">
/// <item>takes <see cref="LockAsync"/> first (before writing or reading the child), so that writers
/// of one child queue and the last to commit has read everything the others committed;</item>
/// <item>makes its change and calls <see cref="Stage"/> with the whole graph as it now stands
/// (or <see cref="RefreshAsync"/>, which reads that graph back);</item>
/// <item>saves and commits: document and change together, or neither.</item>
/// </list>
/// A new child needs no lock: nobody else can know its index id before it commits.
/// </summary>
public static class ChildDocuments
{
    // Compiled once per model, so a read costs neither LINQ translation nor a query-cache look-up:
    // one statement by primary key, whose text never varies. Per model because a compiled query
    // refuses any other, and one process may hold several (the tests run every provider side by side).
    private static readonly ConditionalWeakTable<IModel, Func<ChildIndexDbContext, string, CancellationToken, Task<ChildDocument?>>> ByIndexId = [];

    /// <summary>The document of the child with canonical index id <paramref name="indexId"/>, or null.</summary>
    public static Task<ChildDocument?> FindAsync(ChildIndexDbContext db, string indexId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (SqliteKeptConnections.For(db) is { } kept)
        {
            return SqliteDocumentReads.FindAsync(kept, indexId, cancellationToken);
        }

        var query = ByIndexId.GetValue(db.Model, static model => EF.CompileAsyncQuery((ChildIndexDbContext context, string id, CancellationToken token) =>
            context.ChildDocuments.AsNoTracking().FirstOrDefault(d => d.IndexId == id)));
        return query(db, indexId, cancellationToken);
    }

    /// <summary>The record a document holds.</summary>
    public static V1.ChildRecord Parse(ChildDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return V1.ChildRecord.Parser.ParseFrom(document.Document);
    }

    /// <summary>
    /// Stages the document of <paramref name="child"/> (loaded with its other names, carers, local
    /// ids and involvements, and holding the values that will be saved) to be added, when the child
    /// is new, or replaced, for the next SaveChanges. Reads nothing. Times must already be as the
    /// database will keep them (whole microseconds: <c>StorableNow</c>), or the document would hold
    /// digits PostgreSQL drops. An existing child's document must be locked first (<see cref="LockAsync"/>).
    /// </summary>
    public static void Stage(ChildIndexDbContext db, Child child)
    {
        ArgumentNullException.ThrowIfNull(child);
        // A child that has never been saved has no key yet: EF keeps temporary keys to itself.
        StageAs(db, child, isNew: child.Id == 0);
    }

    /// <summary>
    /// Locks the document of an existing child until the transaction ends: writers of one child take
    /// it before touching the child, so they neither deadlock nor overwrite each other's documents.
    /// False when there is no document: the child does not exist, or was written past this model
    /// (see <see cref="MissingDocument"/>).
    /// </summary>
    public static async Task<bool> TryLockAsync(ChildIndexDbContext db, string indexId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("a child document is locked only inside the transaction that changes the child");
        }

        // A write that changes nothing: the row lock is what is wanted (SQLite's write lock is the
        // whole database, taken by the transaction already).
        return await db.ChildDocuments
            .Where(d => d.IndexId == indexId)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Version, d => d.Version), cancellationToken) == 1;
    }

    /// <summary>
    /// <see cref="LockAsync"/> for several children in one statement (a registration batch): the ids
    /// are one parameter, so the statement is the same for any number of them. Rows are locked in
    /// the database's order, which every such batch shares.
    /// </summary>
    public static async Task LockAllAsync(ChildIndexDbContext db, IReadOnlyCollection<string> indexIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(indexIds);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("a child document is locked only inside the transaction that changes the child");
        }

        var ids = indexIds.Distinct().ToList();
        var locked = await db.ChildDocuments
            .Where(d => EF.Parameter(ids).Contains(d.IndexId))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Version, d => d.Version), cancellationToken);
        if (locked != ids.Count)
        {
            throw MissingDocument(ids[0]);
        }
    }

    /// <summary><see cref="TryLockAsync"/> for a child known to exist.</summary>
    public static async Task LockAsync(ChildIndexDbContext db, string indexId, CancellationToken cancellationToken)
    {
        if (!await TryLockAsync(db, indexId, cancellationToken))
        {
            throw MissingDocument(indexId);
        }
    }

    /// <summary>An existing child without a document: it was stored by something that bypassed
    /// <see cref="Stage"/>. Refused rather than papered over; the command repairs it.</summary>
    public static InvalidOperationException MissingDocument(string indexId) =>
        new($"child {Identifiers.ChildId.Format(indexId)} has no read-model document: run `ChildIndex.Api rebuild-read-model`");

    /// <summary>The child's whole graph as the transaction now sees it, untracked.</summary>
    public static async Task<Child> LoadAsync(ChildIndexDbContext db, string indexId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await WithGraph(db.Children.AsNoTracking()).SingleAsync(c => c.IndexId == indexId, cancellationToken);
    }

    /// <summary>After a change made without the child's graph (a set-based update), reads the graph
    /// back, stages its document and saves it. Call after <see cref="LockAsync"/> and the change.</summary>
    public static async Task RefreshAsync(ChildIndexDbContext db, string indexId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        StageAs(db, await LoadAsync(db, indexId, cancellationToken), isNew: false);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Children with everything their record shows.</summary>
    internal static IQueryable<Child> WithGraph(IQueryable<Child> children) => children
        .Include(c => c.OtherNames)
        .Include(c => c.Carers)
        .Include(c => c.LocalIds)
        .Include(c => c.Involvements)
        .AsSplitQuery();

    internal static void StageAs(ChildIndexDbContext db, Child child, bool isNew)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(child);
        var bytes = RecordMapping.ToContract(child).ToByteArray();
        if (Tracked(db, child.IndexId) is { } entry)
        {
            // Staged before in this unit of work: set through the entry, which marks the change even
            // when change detection is off (bulk loads turn it off).
            entry.Property(d => d.Version).CurrentValue = child.Version;
            entry.Property(d => d.Shielded).CurrentValue = child.Shielded;
            entry.Property(d => d.Document).CurrentValue = bytes;
            return;
        }

        var document = new ChildDocument
        {
            IndexId = child.IndexId,
            ChildId = child.Id,
            Version = child.Version,
            Shielded = child.Shielded,
            Document = bytes,
        };
        if (isNew)
        {
            // Through the navigation, the document gets the child's key when both are inserted.
            document.Child = child.Id == 0 ? child : null;
            db.ChildDocuments.Add(document);
        }
        else
        {
            // Replaced without being read first: the lock taken before the change already says it exists.
            db.ChildDocuments.Update(document);
        }
    }

    private static EntityEntry<ChildDocument>? Tracked(ChildIndexDbContext db, string indexId)
    {
        // The identity map answers without detecting changes across everything tracked, which
        // would make staging a batch cost the square of its size.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.ChildDocuments.Local.FindEntry(indexId);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}
