using ChildIndex.Core.Audit;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Api.Auditing;

/// <summary>
/// Copies the identity server's authentication events (sign-ins, failures, lockouts, tokens,
/// suspensions...) into the audit trail, every few seconds, so that one tamper-evident trail answers
/// for both servers and the trail keeps a single writer. The events come from the identity server's
/// AuthEventFeed, with the directory's own token: the directory never opens the identity store. Its
/// AuthEvents table is an outbox whose position lives in the trail's head row (ADR 8).
/// </summary>
public sealed partial class AuthEventIngest(IServiceScopeFactory scopes, AuditWriter writer, AuthEventFeedClient feed, IConfiguration configuration, TimeProvider time, ILogger<AuthEventIngest> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>How long an event after a gap in the ids waits for the missing one to commit.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(30);
    private const int MaxPerRound = 500;

    private bool _saidNoSecret;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (HasClientSecret())
                {
                    while (await IngestOnceAsync(stoppingToken) == MaxPerRound)
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
                // The type and message only: a refused connection or the identity server's status
                // names no one, and a stack trace adds nothing to "retrying".
                LogIngestFailed(logger, error.GetType().Name, error.Message);
            }

            await Task.Delay(Interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Reads the position and the events after it with no lock held (the identity server is called
    /// over the network, may be slow or far away, and every audited call waits while the trail is
    /// locked), then hands them to the audit writer, which appends them only if the position has
    /// not moved meanwhile (another instance, or an overlapping round, took them first).
    /// </summary>
    public async Task<int> IngestOnceAsync(CancellationToken cancellationToken)
    {
        long position;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChildIndexDbContext>();
            position = await db.AuditHeads.AsNoTracking().Where(h => h.Id == AuditHead.SingletonId).Select(h => h.LastAuthEventId).SingleAsync(cancellationToken);
        }

        var events = Settled(await feed.ReadAsync(position, MaxPerRound, cancellationToken), position, time.GetUtcNow());
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
    /// <remarks>An event without a valid time cannot be aged. It counts as settled: waiting for it
    /// would stop every later event (every sign-in the security officers review) for good, behind
    /// one malformed event; its record carries the time it was copied and says why.</remarks>
    public static List<V1.AuthEvent> Settled(IReadOnlyList<V1.AuthEvent> events, long after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        var settled = new List<V1.AuthEvent>(events.Count);
        var expected = after + 1;
        foreach (var e in events)
        {
            if (e.Id != expected && TimeOf(e) is { } at && at > now - SettleTime)
            {
                break;
            }

            settled.Add(e);
            expected = e.Id + 1;
        }

        return settled;
    }

    /// <summary>
    /// Whether the directory has its client secret yet. Without one there is nothing to ask with: in
    /// development the identity server generates it at its first start (the directory may start
    /// first); elsewhere it is configured. Said once, not every round.
    /// </summary>
    private bool HasClientSecret()
    {
        if (DirectoryClientToken.Secret(configuration) is not null)
        {
            return true;
        }

        if (!_saidNoSecret)
        {
            _saidNoSecret = true;
            LogNoClientSecret(logger);
        }

        return false;
    }

    /// <summary>The trail's record of an event. The action names the kind as the identity store
    /// does ("identity/SignInSucceeded"), as it always has: queries and reports rely on it.</summary>
    public static V1.AuditRecord ToRecord(V1.AuthEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var time = TimeOf(e);
        var record = new V1.AuditRecord
        {
            // Without a valid time the writer stamps its own: every record has one.
            Time = time is null ? null : e.Time,
            Action = $"identity/{e.Kind}",
            Outcome = e.Kind switch
            {
                V1.AuthEventKind.SignInFailed or V1.AuthEventKind.TwoFactorFailed => "FAILED",
                V1.AuthEventKind.LockedOut or V1.AuthEventKind.SignInRefused or V1.AuthEventKind.TokenRefused => "REFUSED",
                _ => "OK",
            },
            Actor = new V1.AuditActor { Subject = Present(e.Actor) ?? e.Subject, ClientId = e.ClientId },
            ClientAddress = e.ClientAddress,
            ServerInstance = "identity",
            Detail = string.Join("; ", new[]
            {
                Present(e.Actor) is not null && Present(e.Subject) is not null ? $"subject {e.Subject}" : null,
                Present(e.Username) is not null ? $"username {e.Username}" : null,
                Present(e.Detail),
                time is null ? "the identity server gave no valid time: recorded when copied" : null,
            }.OfType<string>()),
        };
        return record;
    }

    /// <summary>The event's time, or null when it has none a record can hold (missing, or outside
    /// what a Timestamp may say: ToDateTimeOffset would throw, and so would the round, every round).</summary>
    private static DateTimeOffset? TimeOf(V1.AuthEvent e) =>
        e.Time is { } t && Core.Time.Timestamps.IsValid(t) ? t.ToDateTimeOffset() : null;

    /// <summary>The feed sends an empty string where the identity store holds nothing.</summary>
    private static string? Present(string value) => value.Length > 0 ? value : null;

    [LoggerMessage(3002, LogLevel.Warning, "Could not copy authentication events into the audit trail ({ErrorType}: {ErrorMessage}); retrying")]
    private static partial void LogIngestFailed(ILogger logger, string errorType, string errorMessage);

    [LoggerMessage(3003, LogLevel.Warning, "No client secret for the identity server's AuthEventFeed (DIRECTORY_CLIENT_SECRET, DIRECTORY_CLIENT_SECRET_FILE, or the file the identity server generates into DATA_DIR in development): authentication events are not copied into the audit trail until there is one")]
    private static partial void LogNoClientSecret(ILogger logger);
}
