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
public sealed partial class AuthEventIngest(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<AuthEventIngest> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
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

    public async Task<int> IngestOnceAsync(DatabaseSettings identity, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChildIndexDbContext>();
        var appender = scope.ServiceProvider.GetRequiredService<AuditAppender>();
        await using var identityStore = IdentityStoreDbContext.Create(identity);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var appended = await appender.AppendIngestedAsync(db, async (after, token) =>
        {
            var events = await identityStore.AuthEvents.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(MaxPerRound).ToListAsync(token);
            return (events.Select(ToRecord).ToList(), events.Count == 0 ? after : events[^1].Id);
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return appended;
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
