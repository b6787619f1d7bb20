using ChildIndex.Api.Auditing;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>The identity server's authentication events reach the one trail, within seconds,
/// through its AuthEventFeed.</summary>
public abstract class AuthEventAuditTests(DirectoryServer server)
{
    [Fact]
    public async Task FreshUsersDeviceFlowSignIn_AppearsAsSignInSucceededAndTokenIssuedRecords_WithinSeconds()
    {
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);
        var tokens = await server.Identity.SignInAsync(user);
        var subject = AuditTestKit.Subject(tokens.AccessToken!);
        var officer = await AuditTestKit.SecurityOfficerAsync(server);

        async Task<AuditRecord> EventAsync(string action) => await AuditTestKit.EventuallyAsync(
            async () => (await officer.QueryAuditAsync(new QueryAuditRequest { ActorSubject = subject, Action = action })).Records.FirstOrDefault(),
            TimeSpan.FromSeconds(10),
            $"{action} of {user.Username}");

        var signedIn = await EventAsync("identity/SignInSucceeded");
        var issued = await EventAsync("identity/TokenIssued");

        Assert.Equal("OK", signedIn.Outcome);
        Assert.Equal("identity", signedIn.ServerInstance);
        Assert.Equal(subject, signedIn.Actor.Subject);
        Assert.Equal("OK", issued.Outcome);
        Assert.Equal(IdentityServer.CliClient, issued.Actor.ClientId);
        Assert.Contains("device_code", issued.Detail, StringComparison.Ordinal);
        Assert.True(issued.Sequence > signedIn.Sequence);
        Assert.InRange(signedIn.Time.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        // The identity records are part of the signed trail like any other.
        var verified = await officer.VerifyAuditTrailAsync(new VerifyAuditTrailRequest());
        Assert.True(verified.Intact, string.Join("\n", verified.Problems));
    }

    [Fact]
    public async Task FailedSignInOfAnUnknownUsername_AppearsAsASignInFailedRecord_NamingTheUsernameButNotThePassword()
    {
        var username = $"nobody-{Guid.NewGuid():N}"[..30];
        const string password = "a-password-that-must-not-be-kept";
        using var browser = server.Identity.CreateBrowser();
        await IdentityServer.SubmitLoginAsync(browser, username, password, "123456");
        var officer = await AuditTestKit.SecurityOfficerAsync(server);

        var failed = await AuditTestKit.EventuallyAsync(
            async () => (await officer.QueryAuditAsync(new QueryAuditRequest { Action = "identity/SignInFailed", Outcome = "FAILED", PageSize = 100 })).Records
                .FirstOrDefault(r => r.Detail.Contains(username, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            $"SignInFailed of {username}");

        Assert.Contains("unknown username", failed.Detail, StringComparison.Ordinal);
        Assert.Empty(failed.Actor.Subject);
        Assert.DoesNotContain(password, failed.ToString(), StringComparison.Ordinal);
    }
}

public sealed class SqliteAuthEventAuditTests(SqliteDirectoryServer server) : AuthEventAuditTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresAuthEventAuditTests(PostgresDirectoryServer server) : AuthEventAuditTests(server), IClassFixture<PostgresDirectoryServer>;

/// <summary>Which authentication events the ingest may take now: never past one that may still be
/// committing, so that none is skipped for good.</summary>
public sealed class AuthEventSettlingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void UnbrokenRunOfIds_IsTakenWhole()
    {
        var settled = AuthEventIngest.Settled([Event(11, 0), Event(12, 0), Event(13, 0)], after: 10, Now);

        Assert.Equal(new long[] { 11, 12, 13 }, settled.Select(e => e.Id));
    }

    [Fact]
    public void EventsAfterAGap_WaitWhileTheMissingOneMayStillCommit()
    {
        // Event 12 is not visible yet: 13 and 14 were committed first.
        var settled = AuthEventIngest.Settled([Event(11, 0), Event(13, 1), Event(14, 1)], after: 10, Now);

        Assert.Equal(new long[] { 11 }, settled.Select(e => e.Id));
    }

    [Fact]
    public void EventsAfterAGap_AreTakenOnceSettled_TheMissingIdHavingRolledBack()
    {
        var old = (int)AuthEventIngest.SettleTime.TotalSeconds + 1;

        var settled = AuthEventIngest.Settled([Event(13, old), Event(14, 0)], after: 11, Now);

        Assert.Equal(new long[] { 13, 14 }, settled.Select(e => e.Id));
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, -1)]
    [InlineData(true, 1_000_000_000)]
    public void EventWithoutAValidTime_AfterAGap_DoesNotStopTheIngest_AndIsRecordedWithTheCopyTime(bool hasTime, int nanos)
    {
        var malformed = new AuthEvent { Id = 13, Kind = AuthEventKind.SignInFailed, Time = hasTime ? new Timestamp { Seconds = Now.ToUnixTimeSeconds(), Nanos = nanos } : null };

        var settled = AuthEventIngest.Settled([Event(11, 0), malformed, Event(15, 0)], after: 10, Now);
        var record = AuthEventIngest.ToRecord(malformed);

        // 13 after the gap at 12 is taken, having no time to wait on; 15, after the gap at 14, waits
        // as any recent event would.
        Assert.Equal(new long[] { 11, 13 }, settled.Select(e => e.Id));
        Assert.Null(record.Time);
        Assert.Contains("no valid time", record.Detail, StringComparison.Ordinal);
        Assert.Equal("FAILED", record.Outcome);
    }

    private static AuthEvent Event(long id, int secondsAgo) =>
        new() { Id = id, Kind = AuthEventKind.SignInSucceeded, Time = Timestamp.FromDateTimeOffset(Now.AddSeconds(-secondsAgo)) };
}

/// <summary>The identity server out of reach: each round fails and says so without naming anyone,
/// and the events wait in the identity store until a round gets through.</summary>
public sealed class AuthEventIngestOutageTests(AuthEventIngestOutageTests.Server server) : IClassFixture<AuthEventIngestOutageTests.Server>
{
    [Fact]
    public async Task IdentityServerOutOfReach_RoundsFailAndAreLoggedWithoutPersonalData_ThenTheEventsArriveOnceItIsBack()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        server.Outage.Down = true;
        server.Logs.Clear();
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);
        var tokens = await server.Identity.SignInAsync(user);
        var subject = AuditTestKit.Subject(tokens.AccessToken!);

        await AuditTestKit.EventuallyAsync(
            () => Task.FromResult(server.Logs.Entries.Count(IsIngestFailure) >= 2 ? (object)true : null),
            TimeSpan.FromSeconds(15),
            "two failed rounds");
        Assert.Empty((await officer.QueryAuditAsync(new QueryAuditRequest { ActorSubject = subject, Action = "identity/SignInSucceeded" })).Records);
        server.Outage.Down = false;

        var signedIn = await AuditTestKit.EventuallyAsync(
            async () => (await officer.QueryAuditAsync(new QueryAuditRequest { ActorSubject = subject, Action = "identity/SignInSucceeded" })).Records.FirstOrDefault(),
            TimeSpan.FromSeconds(15),
            $"SignInSucceeded of {user.Username}");
        Assert.Equal("OK", signedIn.Outcome);
        var failures = server.Logs.Entries.Where(IsIngestFailure).ToList();
        Assert.All(failures, f => Assert.Equal(LogLevel.Warning, f.Level));
        Assert.All(failures, f => Assert.Null(f.Exception));
        Assert.DoesNotContain(failures, f => f.Message.Contains(user.Username, StringComparison.Ordinal) || f.Message.Contains(subject, StringComparison.Ordinal));
    }

    private static bool IsIngestFailure(CapturedLog entry) =>
        entry.Category == typeof(AuthEventIngest).FullName && entry.Message.StartsWith("Could not copy authentication events", StringComparison.Ordinal);

    /// <summary>A directory whose connection to the identity server (token endpoint and feed) can
    /// be cut, as a refused connection.</summary>
    public sealed class Server() : LoggedDirectoryServer(TestDatabase.Sqlite)
    {
        public Outage Outage { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.AddHttpClient(DirectoryClientToken.HttpClientName).AddHttpMessageHandler(() => new Gate(Outage));
        }
    }

    public sealed class Outage
    {
        public bool Down { get; set; }
    }

    private sealed class Gate(Outage outage) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            outage.Down
                ? throw new HttpRequestException("Connection refused (127.0.0.1:5082)")
                : base.SendAsync(request, cancellationToken);
    }
}
