using System.Security.Cryptography;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>An export read into memory: the records in order, the checkpoints, and the key.</summary>
public sealed record ExportedTrail(List<ExportedRecord> Records, List<SignedCheckpoint> Checkpoints, byte[] PublicKey)
{
    public ECDsa Key()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(PublicKey, out _);
        return key;
    }

    public AuditRecord Parsed(int index) => AuditRecord.Parser.ParseFrom(Records[index].Record);
}

/// <summary>What the audit tests share: reading the trail beneath the service, a security
/// officer's client, exports, and the subject of a token.</summary>
public static class AuditTestKit
{
    /// <summary>Records of directory and audit-trail calls; the trail also receives
    /// "identity/..." records from the authentication event ingest at any moment.</summary>
    public const string CallPrefix = "childindex.v1.";

    public static async Task<AuditTrail.AuditTrailClient> SecurityOfficerAsync(DirectoryServer server) =>
        new(await server.ChannelForRoleAsync(Roles.SecurityOfficer));

    /// <summary>The newest sequence number in the trail, or -1.</summary>
    public static async Task<long> NewestSequenceAsync(DirectoryServer server)
    {
        await using var db = server.CreateDbContext();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Sequence) ?? -1;
    }

    public static async Task<int> CallRecordCountAsync(DirectoryServer server)
    {
        await using var db = server.CreateDbContext();
        return await db.AuditEntries.CountAsync(e => e.Action.StartsWith(CallPrefix));
    }

    /// <summary>Call records appended after <paramref name="after"/>, oldest first, their personal
    /// parts opened as the trail's readers open them.</summary>
    public static async Task<List<AuditRecord>> CallRecordsAfterAsync(DirectoryServer server, long after)
    {
        await using var db = server.CreateDbContext();
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Sequence > after && e.Action.StartsWith(CallPrefix))
            .OrderBy(e => e.Sequence)
            .ToListAsync();
        return await SealedRecords.OpenAsync(db, [.. rows.Select(Parse)], CancellationToken.None);
    }

    /// <summary>What an insider with the owner's rights does first: every append-only guard off
    /// (SQLite's triggers dropped, PostgreSQL's disabled on each audit table).</summary>
    public static async Task DisableAppendOnlyAsync(DbContext db, TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (database == TestDatabase.Sqlite)
        {
            var triggers = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger'").ToListAsync();
            foreach (var trigger in triggers)
            {
#pragma warning disable EF1002 // A trigger's name, read from the schema: it cannot be a parameter.
                await db.Database.ExecuteSqlRawAsync($"DROP TRIGGER \"{trigger}\"");
#pragma warning restore EF1002
            }

            return;
        }

        foreach (var table in new[] { "AuditEntries", "AuditChildLinks", "AuditCheckpoints", "AuditTreeNodes", "AuditHead" })
        {
#pragma warning disable EF1002 // A table name from the list above: it cannot be a parameter.
            await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{table}\" DISABLE TRIGGER ALL");
#pragma warning restore EF1002
        }
    }

    /// <summary>A practitioner's look-up of a new child; returns its record.</summary>
    public static async Task<AuditRecord> LookUpAsync(DirectoryServer server)
    {
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var before = await NewestSequenceAsync(server);
        var directory = new ChildDirectory.ChildDirectoryClient(await server.ChannelForRoleAsync(Roles.Practitioner));
        await directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = child.ChildId });
        return Assert.Single(await CallRecordsAfterAsync(server, before));
    }

    public static AuditRecord Parse(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = AuditRecord.Parser.ParseFrom(entry.Record);
        Assert.Equal(entry.Sequence, record.Sequence);
        return record;
    }

    public static async Task<ExportedTrail> ExportAsync(AuditTrail.AuditTrailClient client, Metadata? headers = null)
    {
        var records = new List<ExportedRecord>();
        var checkpoints = new List<SignedCheckpoint>();
        byte[]? key = null;
        using var call = client.ExportAudit(new ExportAuditRequest(), headers);
        await foreach (var item in call.ResponseStream.ReadAllAsync())
        {
            switch (item.ItemCase)
            {
                case AuditExportItem.ItemOneofCase.Record:
                    records.Add(item.Record);
                    break;
                case AuditExportItem.ItemOneofCase.Checkpoint:
                    checkpoints.Add(item.Checkpoint);
                    break;
                case AuditExportItem.ItemOneofCase.PublicKey:
                    key = item.PublicKey.ToByteArray();
                    break;
                default:
                    throw new InvalidOperationException($"unexpected export item {item.ItemCase}");
            }
        }

        return new ExportedTrail(records, checkpoints, key ?? throw new InvalidOperationException("the export sent no public key"));
    }

    /// <summary>The subject ("sub") of an access token, as the directory reads it.</summary>
    public static string Subject(string token) => new JsonWebToken(token).Subject;

    public static async Task<string> SubjectOfRoleAsync(DirectoryServer server, string role) =>
        Subject(await server.Identity.TokenForRoleAsync(role));

    /// <summary>A W3C traceparent header with a fresh trace id, which the call's record must carry.</summary>
    public static (Metadata Headers, string TraceId) TraceParent()
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var spanId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return (new Metadata { { "traceparent", $"00-{traceId}-{spanId}-01" } }, traceId);
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value or <paramref name="timeout"/> passes.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not seen within {timeout.TotalSeconds} s");
            }

            await Task.Delay(200);
        }
    }
}
