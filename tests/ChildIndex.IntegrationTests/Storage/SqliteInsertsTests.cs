using ChildIndex.Common.Errors;
using V1 = ChildIndex.Contracts.V1;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Validation;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Storage;

/// <summary>
/// Bulk registration writes its new rows on SQLite with its own prepared INSERTs
/// (<see cref="SqliteInserts"/>), not SaveChanges. The rows must be exactly those SaveChanges
/// writes: the same columns, values and SQLite storage classes (a GUID stored as a blob instead of
/// text, or a date in another format, would make later look-ups miss them).
/// </summary>
public sealed class SqliteInsertsTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>
{
    private static readonly string[] Unique = ["Id", "ChildId", "IndexId", "NhsNumber", "Upn", "Value", "RequestId"];

    [Fact]
    public async Task WriteAdded_WritesTheRowsSaveChangesWrites_ColumnForColumn()
    {
        var request = TestRequests.AgencyRegistration();
        request.Identifiers.Upn = TestRequests.NewUpn();
        request.Details.OtherNames.Add(new V1.OtherName { Name = new V1.PersonName { GivenNames = "Amy", FamilyName = "Okafor-Davies" }, Kind = V1.OtherNameKind.Alias });
        request.Details.Carers[0].Address = new V1.Address { Lines = { "3 Ash Grove", "Headingley" }, Town = "Leeds", Postcode = "LS6 1AA" };
        var now = DateTimeOffset.UtcNow;

        long bySaveChanges, byInserts;
        await using (var db = server.CreateDbContext())
        {
            bySaveChanges = await WriteAsync(db, Graph(request, now), useInserts: false);
        }

        var copy = request.Clone();
        copy.RequestId = TestRequests.NewRequestId();
        copy.Identifiers.NhsNumber = TestRequests.NewNhsNumber();
        copy.Identifiers.Upn = TestRequests.NewUpn();
        copy.Identifiers.LocalIds[0].Value += "-2";
        await using (var db = server.CreateDbContext())
        {
            byInserts = await WriteAsync(db, Graph(copy, now), useInserts: true);
        }

        await using var connection = new SqliteConnection(server.ConnectionString);
        await connection.OpenAsync();
        foreach (var (table, key) in new[] { ("Children", "Id"), ("OtherNames", "ChildId"), ("Carers", "ChildId"), ("LocalIdentifiers", "ChildId"), ("SearchKeys", "ChildId") })
        {
            var expected = await RowsAsync(connection, table, key, bySaveChanges);
            var actual = await RowsAsync(connection, table, key, byInserts);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }

        var documents = await RowsAsync(connection, "ChildDocuments", "ChildId", bySaveChanges);
        Assert.Single(documents);
        Assert.Single(await RowsAsync(connection, "ChildDocuments", "ChildId", byInserts));
    }

    [Fact]
    public async Task WriteAdded_WithARowAUniqueIndexRefuses_ThrowsWhatSaveChangesThrows()
    {
        var request = TestRequests.Registration();
        var now = DateTimeOffset.UtcNow;
        await using (var db = server.CreateDbContext())
        {
            await WriteAsync(db, Graph(request, now), useInserts: true);
        }

        await using var again = server.CreateDbContext();
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => WriteAsync(again, Graph(request, now), useInserts: true));
        Assert.True(Common.Storage.StorageErrors.IsUniqueViolation(error));
    }

    private static Child Graph(V1.RegisterChildRequest request, DateTimeOffset now)
    {
        var violations = new Violations();
        var child = RecordReader.ReadDetails(request.Details, "details", violations, DateOnly.FromDateTime(now.UtcDateTime));
        var ids = RecordReader.ReadIdentifiers(request.Identifiers, "identifiers", violations);
        violations.ThrowIfAny();
        SearchKeys.Rebuild(child);
        child.IndexId = ChildId.New();
        child.NhsNumber = ids.NhsNumber;
        child.Upn = ids.Upn;
        child.LocalIds.AddRange(ids.LocalIds);
        child.CreatedAt = now;
        child.UpdatedAt = now;
        return child;
    }

    private static async Task<long> WriteAsync(ChildIndexDbContext db, Child child, bool useInserts)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Children.Add(child);
        ChildDocuments.Stage(db, child);
        if (useInserts)
        {
            await SqliteInserts.WriteAddedAsync(db, CancellationToken.None);
            Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.State != EntityState.Unchanged);
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return child.Id;
    }

    /// <summary>Every column of the rows, as SQLite holds them (storage class and value), but the ids that must differ.</summary>
    private static async Task<List<string>> RowsAsync(SqliteConnection connection, string table, string key, long childId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"{key}\" = $id ORDER BY rowid";
        command.Parameters.AddWithValue("$id", childId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount)
                .Where(i => !Unique.Contains(reader.GetName(i)))
                .Select(i => $"{reader.GetName(i)}={reader.GetValue(i).GetType().Name}:{Render(reader.GetValue(i))}")));
        }

        return rows;
    }

    private static string Render(object value) => value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
