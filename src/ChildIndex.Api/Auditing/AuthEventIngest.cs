using ChildIndex.Common.Storage;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Storage;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Core.Storage;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Api.Auditing;

/// <summary>
/// Copies the identity server's authentication events (sign-ins, failures, lockouts, tokens,
/// suspensions...) into the audit trail, every few seconds, so that one tamper-evident trail answers
/// for both servers and the trail keeps a single writer. The identity store is read only: its
/// AuthEvents table is an outbox whose position lives in the trail's head row (ADR 8).
/// </summary>
public sealed partial class AuthEventIngest(IServiceScopeFactory scopes, AuditWriter writer, IConfiguration configuration, TimeProvider time, ILogger<AuthEventIngest> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>How long an event after a gap in the ids waits for the missing one to commit.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(30);
    private const int MaxPerRound = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var identity = IdentitySettings(configuration);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (IsReachable(identity))
                {
                    while (await IngestOnceAsync(identity, stoppingToken) == MaxPerRound)
                    {
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The next round tries again; events wait safely in the identity store.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogIngestFailed(logger, error);
            }

            await Task.Delay(Interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Where the identity store is: IDENTITY_DB_PROVIDER / IDENTITY_DB_CONNECTION, else the
    /// directory's own database (a shared database), or identity.db beside the directory's SQLite file.</summary>
    public static DatabaseSettings IdentitySettings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var directory = DatabaseSettings.FromConfiguration(configuration, ChildIndexDbContext.DefaultSqliteFile);
        var provider = System.Enum.TryParse<DatabaseProvider>(configuration["IDENTITY_DB_PROVIDER"], ignoreCase: true, out var parsed) ? parsed : directory.Provider;
        if (configuration["IDENTITY_DB_CONNECTION"] is { Length: > 0 } connection)
        {
            return new DatabaseSettings(provider, connection);
        }

        if (provider != DatabaseProvider.Sqlite)
        {
            return directory with { Provider = provider };
        }

        var dataDir = Path.GetFullPath(configuration["DATA_DIR"] is { Length: > 0 } dir ? dir : "data");
        return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataDir, IdentityStoreDbContext.DefaultSqliteFile)};Mode=ReadOnly");
    }

    /// <summary>
    /// Reads the position and the events after it with no lock held (the identity store may be slow
    /// or far away, and every audited call waits while the trail is locked), then hands them to the
    /// audit writer, which appends them only if the position has not moved meanwhile.
    /// </summary>
    public async Task<int> IngestOnceAsync(DatabaseSettings identity, CancellationToken cancellationToken)
    {
        long position;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChildIndexDbContext>();
            position = await db.AuditHeads.AsNoTracking().Where(h => h.Id == AuditHead.SingletonId).Select(h => h.LastAuthEventId).SingleAsync(cancellationToken);
        }

        await using var identityStore = IdentityStoreDbContext.Create(identity);
        var events = Settled(
            await identityStore.AuthEvents.AsNoTracking().Where(e => e.Id > position).OrderBy(e => e.Id).Take(MaxPerRound).ToListAsync(cancellationToken),
            position,
            time.GetUtcNow());
        if (events.Count == 0)
        {
            return 0;
        }

        return (int)await writer.AppendIngestedAsync(new AuditWriter.IngestedEvents([.. events.Select(ToRecord)], position, events[^1].Id), cancellationToken);
    }

    /// <summary>
    /// The events that may be taken now. Ids are handed out as events are inserted, but the identity
    /// server's transactions may commit out of order (PostgreSQL, SQL Server): event 11 can be visible
    /// while 10 is still being written, and moving the position past 10 would lose it for good. So
    /// events are taken in an unbroken run of ids from the position; after a gap, they wait until
    /// they are <see cref="SettleTime"/> old, by when the missing id belongs to a transaction that
    /// rolled back (ids are not reused).
    /// </summary>
    public static List<AuthEvent> Settled(IReadOnlyList<AuthEvent> events, long after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        var settled = new List<AuthEvent>(events.Count);
        var expected = after + 1;
        foreach (var e in events)
        {
            if (e.Id != expected && e.Time > now - SettleTime)
            {
                break;
            }

            settled.Add(e);
            expected = e.Id + 1;
        }

        return settled;
    }

    private static bool IsReachable(DatabaseSettings identity) =>
        identity.Provider != DatabaseProvider.Sqlite || File.Exists(new SqliteConnectionStringBuilder(identity.ConnectionString).DataSource);

    private static V1.AuditRecord ToRecord(AuthEvent e)
    {
        var record = new V1.AuditRecord
        {
            Time = Timestamp.FromDateTimeOffset(e.Time),
            Action = $"identity/{e.Kind}",
            Outcome = e.Kind switch
            {
                AuthEventKind.SignInFailed or AuthEventKind.TwoFactorFailed => "FAILED",
                AuthEventKind.LockedOut or AuthEventKind.SignInRefused or AuthEventKind.TokenRefused => "REFUSED",
                _ => "OK",
            },
            Actor = new V1.AuditActor { Subject = e.Actor ?? e.Subject ?? string.Empty, ClientId = e.ClientId ?? string.Empty },
            ClientAddress = e.ClientAddress ?? string.Empty,
            ServerInstance = "identity",
            Detail = string.Join("; ", new[]
            {
                e.Actor is not null && e.Subject is not null ? $"subject {e.Subject}" : null,
                e.Username is not null ? $"username {e.Username}" : null,
                e.Detail,
            }.OfType<string>()),
        };
        return record;
    }

    [LoggerMessage(3002, LogLevel.Warning, "Could not copy authentication events into the audit trail; retrying")]
    private static partial void LogIngestFailed(ILogger logger, Exception error);
}
