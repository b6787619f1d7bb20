using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using ChildIndex.Audit;
using Npgsql;
using NpgsqlTypes;

namespace ChildIndex.Core.Audit;

/// <summary>The trail's end as stored in its head row.</summary>
public sealed record AuditHeadState(long TreeSize, byte[] SubtreeHashes, long LastAuthEventId);

/// <summary>One record as it goes into the audit tables: every column but the record's bytes and
/// leaf hash is derived from the record (<see cref="Of"/>), and verification derives them again.</summary>
public sealed record AuditRow(long Sequence, long TimeUnixMs, string Action, string Outcome, string? ActorSubject, string? ActorOrganisation, byte[] Record, byte[] LeafHash, IReadOnlyList<string> ChildIds)
{
    /// <summary>The columns' lengths: longer values are cut to them (the record keeps them whole).</summary>
    public const int ActionLength = 100;
    public const int OutcomeLength = 40;
    public const int ActorSubjectLength = 64;
    public const int ActorOrganisationLength = 12;

    /// <summary>The row for a record (which has its sequence number and time), serialized as <paramref name="bytes"/>.</summary>
    public static AuditRow Of(ChildIndex.Contracts.V1.AuditRecord record, byte[] bytes, byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(record);
        var linked = record.ChildIds.Concat(record.ResultChildIds)
            .Select(id => Identifiers.ChildId.TryParse(id, out var canonical) ? canonical : null)
            .OfType<string>()
            .Distinct()
            .ToList();
        return new AuditRow(
            record.Sequence,
            record.Time?.ToDateTimeOffset().ToUnixTimeMilliseconds() ?? 0,
            Truncate(record.Action, ActionLength),
            Truncate(record.Outcome, OutcomeLength),
            NullIfEmpty(Truncate(record.Actor?.Subject, ActorSubjectLength)),
            NullIfEmpty(Truncate(record.Actor?.OrganisationCode, ActorOrganisationLength)),
            bytes,
            leafHash,
            linked);
    }

    /// <summary>Whether a stored row holds the record it claims to: its key is the record's own
    /// sequence number, and a position in a trail. A row inserted at a negative sequence is in no
    /// tree and no page verification reads, so the queries do not show it either.</summary>
    public static bool AtItsPosition(long storedSequence, ChildIndex.Contracts.V1.AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return storedSequence >= 0 && record.Sequence == storedSequence;
    }

    private static string Truncate(string? value, int length) =>
        value is null ? string.Empty : value.Length <= length ? value : value[..length];

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>
/// Plain commands on the audit tables, for the appends on the hot path: a batch goes in as one
/// statement per table on PostgreSQL (unnest of arrays: the same text for any batch size, so it
/// stays prepared) and as one prepared single-row statement executed per row on SQLite, where a
/// statement runs in-process and costs microseconds. EF Core's change tracking would cost more per
/// row than the insert itself. With <c>keepPrepared</c>, commands are kept for the connection's
/// lifetime (the audit writer's own connection); otherwise they are disposed with this object.
/// </summary>
public sealed class AuditRows(DbConnection connection, bool keepPrepared) : IDisposable
{
    private const string EntryColumns = "\"Sequence\", \"TimeUnixMs\", \"Action\", \"Outcome\", \"ActorSubject\", \"ActorOrganisation\", \"Record\", \"LeafHash\"";
    private const string CheckpointColumns = "\"TreeSize\", \"RootHash\", \"TimeUnixSeconds\", \"KeyId\", \"Signature\"";

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly bool _postgres = connection is NpgsqlConnection;
    private readonly bool _sqlServer = connection.GetType().Name == "SqlConnection";

    public DbConnection Connection => connection;

    /// <summary>The head row, locked until the transaction ends. SQLite has one writer at a time
    /// already (the transaction began IMMEDIATE); PostgreSQL and SQL Server lock the row itself.</summary>
    public async Task<AuditHeadState> LockHeadAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        var sql = _postgres
            ? $"SELECT \"TreeSize\", \"SubtreeHashes\", \"LastAuthEventId\" FROM \"{AuditTables.Head}\" WHERE \"Id\" = {AuditHead.SingletonId} FOR UPDATE"
            : _sqlServer
                ? $"SELECT \"TreeSize\", \"SubtreeHashes\", \"LastAuthEventId\" FROM \"{AuditTables.Head}\" WITH (UPDLOCK, HOLDLOCK) WHERE \"Id\" = {AuditHead.SingletonId}"
                : $"SELECT \"TreeSize\", \"SubtreeHashes\", \"LastAuthEventId\" FROM \"{AuditTables.Head}\" WHERE \"Id\" = {AuditHead.SingletonId}";
        var command = Command(sql, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("the audit trail's head row is missing");
        }

        return new AuditHeadState(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetInt64(2));
    }

    /// <summary>The head's tree size, read without a lock (to see whether there is anything to sign).</summary>
    public async Task<long> TreeSizeAsync(CancellationToken cancellationToken)
    {
        var command = Command($"SELECT \"TreeSize\" FROM \"{AuditTables.Head}\" WHERE \"Id\" = {AuditHead.SingletonId}", null);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The newest checkpoint's tree size and time (Unix seconds), or (0, 0).</summary>
    public async Task<(long TreeSize, long TimeUnixSeconds)> NewestCheckpointAsync(DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var sql = _sqlServer
            ? $"SELECT TOP 1 \"TreeSize\", \"TimeUnixSeconds\" FROM \"{AuditTables.Checkpoints}\" ORDER BY \"TreeSize\" DESC"
            : $"SELECT \"TreeSize\", \"TimeUnixSeconds\" FROM \"{AuditTables.Checkpoints}\" ORDER BY \"TreeSize\" DESC LIMIT 1";
        var command = Command(sql, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    public async Task InsertAsync(DbTransaction transaction, IReadOnlyList<AuditRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (_postgres)
        {
            await InsertUnnestAsync(transaction, rows, cancellationToken);
            return;
        }

        var entry = Command($"INSERT INTO \"{AuditTables.Entries}\" ({EntryColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)", transaction);
        foreach (var row in rows)
        {
            await ExecuteAsync(entry, cancellationToken, row.Sequence, row.TimeUnixMs, row.Action, row.Outcome, row.ActorSubject, row.ActorOrganisation, row.Record, row.LeafHash);
        }

        if (rows.Any(r => r.ChildIds.Count > 0))
        {
            var link = Command($"INSERT INTO \"{AuditTables.ChildLinks}\" (\"ChildId\", \"Sequence\") VALUES (@p0, @p1)", transaction);
            foreach (var row in rows)
            {
                foreach (var childId in row.ChildIds)
                {
                    await ExecuteAsync(link, cancellationToken, childId, row.Sequence);
                }
            }
        }
    }

    /// <summary>
    /// The audit keys of <paramref name="subjects"/> (see <see cref="AuditKey"/>), a random one made
    /// for each that has none yet: for a month always, for a child only while the index holds it
    /// (a look-up of an id that names nobody makes no key; its record falls to the month's). Called
    /// under the head's lock, so two instances sharing the database never make two keys for one subject.
    /// </summary>
    public async Task<Dictionary<string, AuditKeyMaterial>> KeysAsync(DbTransaction transaction, IReadOnlyCollection<string> subjects, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var keys = new Dictionary<string, AuditKeyMaterial>(StringComparer.Ordinal);
        if (subjects.Count == 0)
        {
            return keys;
        }

        const string Columns = "\"Subject\", \"KeyId\", \"Key\"";
        if (_postgres)
        {
            var select = Command($"SELECT {Columns} FROM \"{AuditTables.Keys}\" WHERE \"Subject\" = ANY(@p0)", transaction, PostgresArrays(NpgsqlDbType.Text));
            await ReadKeysAsync(select, keys, subjects.ToArray(), cancellationToken);
        }
        else
        {
            // One prepared single-row look-up per subject: in-process on SQLite, and a handful per batch.
            var select = Command($"SELECT {Columns} FROM \"{AuditTables.Keys}\" WHERE \"Subject\" = @p0", transaction);
            foreach (var subject in subjects)
            {
                await ReadKeysAsync(select, keys, subject, cancellationToken);
            }
        }

        var made = subjects.Where(s => !keys.ContainsKey(s))
            .Select(s => (Subject: s, Key: new AuditKeyMaterial(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), RandomNumberGenerator.GetBytes(32))))
            .ToList();
        if (made.Count == 0)
        {
            return keys;
        }

        // A month's subject never names a child, so the condition holds for it at once.
        const string InsertColumns = "\"KeyId\", \"Subject\", \"Key\", \"CreatedUnixMs\"";
        const string Held = "(s LIKE 'month:%' OR EXISTS (SELECT 1 FROM \"Children\" c WHERE c.\"IndexId\" = s))";
        if (_postgres)
        {
            var insertAll = Command($"INSERT INTO \"{AuditTables.Keys}\" ({InsertColumns}) SELECT k, s, v, @p3 FROM unnest(@p0, @p1, @p2) AS t(k, s, v) WHERE {Held} RETURNING \"Subject\"", transaction,
                PostgresArrays(NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bytea));
            if (insertAll.Parameters.Count == 3)
            {
                insertAll.Parameters.Add(new NpgsqlParameter("p3", NpgsqlDbType.Bigint));
            }

            await BindAsync(insertAll, cancellationToken, made.Select(m => m.Key.KeyId).ToArray(), made.Select(m => m.Subject).ToArray(), made.Select(m => m.Key.Key).ToArray(), nowUnixMs);
            var inserted = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await insertAll.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    inserted.Add(reader.GetString(0));
                }
            }

            made.RemoveAll(m => !inserted.Contains(m.Subject));
        }
        else
        {
            var insert = Command($"INSERT INTO \"{AuditTables.Keys}\" ({InsertColumns}) SELECT @p0, s, @p2, @p3 FROM (SELECT @p1 AS s) AS t WHERE {Held}", transaction);
            var inserted = new List<(string Subject, AuditKeyMaterial Key)>(made.Count);
            foreach (var (subject, key) in made)
            {
                await BindAsync(insert, cancellationToken, key.KeyId, subject, key.Key, nowUnixMs);
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    inserted.Add((subject, key));
                }
            }

            made = inserted;
        }

        foreach (var (subject, key) in made)
        {
            keys[subject] = key;
        }

        return keys;
    }

    private async Task ReadKeysAsync(DbCommand select, Dictionary<string, AuditKeyMaterial> keys, object value, CancellationToken cancellationToken)
    {
        await BindAsync(select, cancellationToken, value);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys[reader.GetString(0)] = new AuditKeyMaterial(reader.GetString(1), (byte[])reader.GetValue(2));
        }
    }

    public async Task InsertNodesAsync(DbTransaction transaction, IReadOnlyList<TreeNode> nodes, CancellationToken cancellationToken)
    {
        if (nodes.Count == 0)
        {
            return;
        }

        if (_postgres)
        {
            var command = Command($"INSERT INTO \"{AuditTables.TreeNodes}\" (\"Level\", \"Index\", \"Hash\") SELECT * FROM unnest(@p0, @p1, @p2)", transaction, PostgresArrays(NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Bytea));
            await ExecuteAsync(command, cancellationToken, nodes.Select(n => n.Level).ToArray(), nodes.Select(n => n.Index).ToArray(), nodes.Select(n => n.Hash).ToArray());
            return;
        }

        var insert = Command($"INSERT INTO \"{AuditTables.TreeNodes}\" (\"Level\", \"Index\", \"Hash\") VALUES (@p0, @p1, @p2)", transaction);
        foreach (var node in nodes)
        {
            await ExecuteAsync(insert, cancellationToken, node.Level, node.Index, node.Hash);
        }
    }

    public async Task UpdateHeadAsync(DbTransaction transaction, AuditHeadState head, CancellationToken cancellationToken)
    {
        var command = Command($"UPDATE \"{AuditTables.Head}\" SET \"TreeSize\" = @p0, \"SubtreeHashes\" = @p1, \"LastAuthEventId\" = @p2 WHERE \"Id\" = {AuditHead.SingletonId}", transaction);
        await ExecuteAsync(command, cancellationToken, head.TreeSize, head.SubtreeHashes, head.LastAuthEventId);
    }

    public async Task InsertCheckpointAsync(DbTransaction transaction, AuditCheckpointRow checkpoint, CancellationToken cancellationToken)
    {
        var command = Command($"INSERT INTO \"{AuditTables.Checkpoints}\" ({CheckpointColumns}) VALUES (@p0, @p1, @p2, @p3, @p4)", transaction);
        await ExecuteAsync(command, cancellationToken, checkpoint.TreeSize, checkpoint.RootHash, checkpoint.TimeUnixSeconds, checkpoint.KeyId, checkpoint.Signature);
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    private async Task InsertUnnestAsync(DbTransaction transaction, IReadOnlyList<AuditRow> rows, CancellationToken cancellationToken)
    {
        var entries = Command($"INSERT INTO \"{AuditTables.Entries}\" ({EntryColumns}) SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)", transaction, PostgresArrays(
            NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bytea, NpgsqlDbType.Bytea));
        await ExecuteAsync(
            entries,
            cancellationToken,
            rows.Select(r => r.Sequence).ToArray(),
            rows.Select(r => r.TimeUnixMs).ToArray(),
            rows.Select(r => r.Action).ToArray(),
            rows.Select(r => r.Outcome).ToArray(),
            rows.Select(r => r.ActorSubject).ToArray(),
            rows.Select(r => r.ActorOrganisation).ToArray(),
            rows.Select(r => r.Record).ToArray(),
            rows.Select(r => r.LeafHash).ToArray());

        var links = rows.SelectMany(r => r.ChildIds.Select(id => (ChildId: id, r.Sequence))).ToList();
        if (links.Count > 0)
        {
            var command = Command($"INSERT INTO \"{AuditTables.ChildLinks}\" (\"ChildId\", \"Sequence\") SELECT * FROM unnest(@p0, @p1)", transaction, PostgresArrays(NpgsqlDbType.Text, NpgsqlDbType.Bigint));
            await ExecuteAsync(command, cancellationToken, links.Select(l => l.ChildId).ToArray(), links.Select(l => l.Sequence).ToArray());
        }
    }

    private static Action<DbCommand> PostgresArrays(params NpgsqlDbType[] types) => command =>
    {
        for (var i = 0; i < types.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"p{i}", NpgsqlDbType.Array | types[i]));
        }
    };

    private DbCommand Command(string sql, DbTransaction? transaction, Action<DbCommand>? addParameters = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            addParameters?.Invoke(command);
            _commands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    private async Task ExecuteAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        await BindAsync(command, cancellationToken, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task BindAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        if (command.Parameters.Count == 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                command.Parameters.Add(parameter);
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        if (keepPrepared && command is NpgsqlCommand { IsPrepared: false })
        {
            await command.PrepareAsync(cancellationToken);
        }
    }
}
