using ChildIndex.Common.Storage;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Core.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using SignInResult = ChildIndex.Identity.Core.Accounts.SignInResult;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace ChildIndex.UnitTests.Identity;

/// <summary>The sign-in rules against a real (SQLite) identity store, migrated as in production,
/// with a fresh context per sign-in as each request has.</summary>
public sealed class SignInServiceTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private const string GenericMessage = "the username, password or code is not right";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "childindex-unit-identity", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 15, 10, 0, 5, TimeSpan.Zero));
    private readonly GatedPasswordHasher _hasher = new();
    private readonly SignInLockout _lockout = new();
    private readonly VettingPolicy _vetting = new(new VettingOptions());
    private readonly TotpAuthenticator _totp;
    private DatabaseSettings _settings = null!;

    public SignInServiceTests() => _totp = new TotpAuthenticator(new EphemeralDataProtectionProvider(), _time);

    private DateOnly Today => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    public async Task InitializeAsync()
    {
        _settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "identity.db")}");
        await using var db = IdentityStoreDbContext.Create(_settings);
        await DatabaseMigrator.MigrateAsync(db);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SignIn_WithRightPasswordAndCode_SucceedsAndSpendsTheCode()
    {
        var (user, secret) = await EnrolAsync();

        var result = await SignInAsync(user.Username, Password, Code(secret));

        Assert.True(result.Succeeded);
        Assert.Equal(user.Id, result.User!.Id);
        var stored = await LoadAsync(user.Id);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds() / 30, stored.LastTotpStep);
        Assert.Equal(0, stored.FailedSignIns);
        Assert.Contains(await EventsAsync(), e => e.Kind == AuthEventKind.SignInSucceeded && e.Subject == user.Id.ToString());
    }

    [Fact]
    public async Task SignIn_UsernameIsMatchedWithoutRegardToCaseOrSurroundingSpaces()
    {
        var (user, secret) = await EnrolAsync();

        var result = await SignInAsync($"  {user.Username.ToUpperInvariant()} ", Password, Code(secret));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task SignIn_SameCodeTwice_SecondIsRefused()
    {
        var (user, secret) = await EnrolAsync();
        var code = Code(secret);

        var first = await SignInAsync(user.Username, Password, code);
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = await SignInAsync(user.Username, Password, code);

        Assert.True(first.Succeeded);
        Assert.Equal(SignInFailure.InvalidCredentials, second.Failure);
        Assert.Equal(GenericMessage, second.Message);
    }

    [Fact]
    public async Task SignIn_SameCodeReplayedInParallel_SucceedsAtMostOnce()
    {
        var (user, secret) = await EnrolAsync();
        var code = Code(secret);
        _hasher.HoldUntil(6);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => SignInAsync(user.Username, Password, code))));

        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(GenericMessage, r.Message));
        Assert.Single(await EventsAsync(), e => e.Kind == AuthEventKind.SignInSucceeded);
    }

    [Fact]
    public async Task SignIn_WrongPasswordWrongCodeAndUnknownUser_GiveTheSameMessage()
    {
        var (user, secret) = await EnrolAsync();
        var rightCode = Code(secret);
        var wrongCode = rightCode == "000000" ? "111111" : "000000";

        var wrongPassword = await SignInAsync(user.Username, "not the password", rightCode);
        var wrongCodeResult = await SignInAsync(user.Username, Password, wrongCode);
        var unknownUser = await SignInAsync("nobody.here", Password, rightCode);
        var noCode = await SignInAsync(user.Username, Password, null);

        Assert.All([wrongPassword, wrongCodeResult, unknownUser, noCode], result =>
        {
            Assert.False(result.Succeeded);
            Assert.Null(result.User);
            Assert.Equal(SignInFailure.InvalidCredentials, result.Failure);
            Assert.Equal(GenericMessage, result.Message);
        });
        var events = await EventsAsync();
        Assert.Contains(events, e => e.Kind == AuthEventKind.SignInFailed && e.Subject == user.Id.ToString() && e.Detail == "wrong password");
        Assert.Contains(events, e => e.Kind == AuthEventKind.TwoFactorFailed && e.Subject == user.Id.ToString());
        Assert.Contains(events, e => e.Kind == AuthEventKind.SignInFailed && e.Subject == null && e.Username == "nobody.here");
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockTheAccount_EvenAgainstTheRightCredentials()
    {
        var (user, secret) = await EnrolAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SignInFailure.InvalidCredentials, (await SignInAsync(user.Username, $"guess {i}", Code(secret))).Failure);
        }

        var locked = await SignInAsync(user.Username, Password, Code(secret));

        Assert.Equal(SignInFailure.LockedOut, locked.Failure);
        Assert.Contains("locked", locked.Message, StringComparison.Ordinal);
        Assert.Null(locked.User);
        var lockedOut = Assert.Single(await EventsAsync(), e => e.Kind == AuthEventKind.LockedOut);
        Assert.Equal(user.Id.ToString(), lockedOut.Subject);
        Assert.Equal(_time.GetUtcNow() + _lockout.Duration, (await LoadAsync(user.Id)).LockedUntil);
    }

    [Fact]
    public async Task SignIn_GuessesMadeInParallel_StillLockTheAccount()
    {
        var (user, secret) = await EnrolAsync();
        _hasher.HoldUntil(8);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => SignInAsync(user.Username, $"guess {i}", Code(secret)))));
        var afterwards = await SignInAsync(user.Username, Password, Code(secret));

        Assert.Equal(SignInFailure.LockedOut, afterwards.Failure);
        Assert.Single(await EventsAsync(), e => e.Kind == AuthEventKind.LockedOut);
    }

    [Fact]
    public async Task SignIn_FourFailuresThenSuccess_DoesNotLockAndResetsTheCount()
    {
        var (user, secret) = await EnrolAsync();
        for (var i = 0; i < 4; i++)
        {
            await SignInAsync(user.Username, $"guess {i}", Code(secret));
        }

        var result = await SignInAsync(user.Username, Password, Code(secret));

        Assert.True(result.Succeeded);
        Assert.Equal(0, (await LoadAsync(user.Id)).FailedSignIns);
        Assert.DoesNotContain(await EventsAsync(), e => e.Kind == AuthEventKind.LockedOut);
    }

    [Fact]
    public async Task SignIn_WrongCodesCountTowardsTheLockoutToo()
    {
        var (user, secret) = await EnrolAsync();
        var wrongCode = Code(secret) == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(user.Username, Password, wrongCode);
        }

        Assert.Equal(SignInFailure.LockedOut, (await SignInAsync(user.Username, Password, Code(secret))).Failure);
        Assert.Single(await EventsAsync(), e => e.Kind == AuthEventKind.LockedOut);
    }

    [Fact]
    public async Task SignIn_Lockout_IsLiftedOnceItsDurationHasPassed()
    {
        var (user, secret) = await EnrolAsync();
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(user.Username, "wrong", Code(secret));
        }

        _time.Advance(_lockout.Duration - TimeSpan.FromSeconds(30));
        var stillLocked = await SignInAsync(user.Username, Password, Code(secret));
        _time.Advance(TimeSpan.FromSeconds(31));
        var lifted = await SignInAsync(user.Username, Password, Code(secret));

        Assert.Equal(SignInFailure.LockedOut, stillLocked.Failure);
        Assert.True(lifted.Succeeded, lifted.Message);
        Assert.Null((await LoadAsync(user.Id)).LockedUntil);
    }

    [Fact]
    public async Task SignIn_SuspendedUser_IsToldOnlyAfterProvingTheCredentials()
    {
        var (user, secret) = await EnrolAsync(u => { u.Status = UserStatus.Suspended; u.SuspensionReason = "left the organisation"; });

        var wrongPassword = await SignInAsync(user.Username, "wrong", Code(secret));
        var right = await SignInAsync(user.Username, Password, Code(secret));

        Assert.Equal(SignInFailure.InvalidCredentials, wrongPassword.Failure);
        Assert.Equal(GenericMessage, wrongPassword.Message);
        Assert.Equal(SignInFailure.Suspended, right.Failure);
        Assert.Contains("suspended", right.Message, StringComparison.Ordinal);
        Assert.Null(right.User);
        Assert.Contains(await EventsAsync(), e => e.Kind == AuthEventKind.SignInRefused && e.Subject == user.Id.ToString());
    }

    [Fact]
    public async Task SignIn_LapsedVetting_IsToldOnlyAfterProvingTheCredentials()
    {
        var (user, secret) = await EnrolAsync(u => u.DbsCheckDate = Today.AddYears(-4));
        var wrongCode = Code(secret) == "000000" ? "111111" : "000000";

        var wrong = await SignInAsync(user.Username, Password, wrongCode);
        var right = await SignInAsync(user.Username, Password, Code(secret));

        Assert.Equal(SignInFailure.InvalidCredentials, wrong.Failure);
        Assert.Equal(GenericMessage, wrong.Message);
        Assert.Equal(SignInFailure.VettingNotCurrent, right.Failure);
        Assert.Contains($"vetting expired on {Today.AddYears(-1):yyyy-MM-dd}", right.Message, StringComparison.Ordinal);
        Assert.Null(right.User);
    }

    [Fact]
    public async Task StillAllowed_ChecksSuspensionAndVettingOnTheDay()
    {
        var (user, _) = await EnrolAsync(u => u.TrainingCompletedDate = Today.AddYears(-1).AddDays(1));
        await using var db = IdentityStoreDbContext.Create(_settings);
        var service = NewService(db);

        var today = service.StillAllowed(user);
        _time.Advance(TimeSpan.FromDays(1));
        var tomorrow = service.StillAllowed(user);
        user.Status = UserStatus.Suspended;

        Assert.Null(today);
        Assert.Equal(SignInFailure.VettingNotCurrent, tomorrow?.Failure);
        Assert.Equal(SignInFailure.Suspended, service.StillAllowed(user)?.Failure);
    }

    [Fact]
    public async Task SignIn_Events_NameTheSubjectAndHoldNoSecret()
    {
        var (user, secret) = await EnrolAsync();
        var rightCode = Code(secret);
        var wrongCode = rightCode == "000000" ? "111111" : "000000";
        await SignInAsync(user.Username, Password, rightCode);
        _time.Advance(TimeSpan.FromSeconds(30));
        await SignInAsync(user.Username, Password, wrongCode);
        for (var i = 0; i < 4; i++)
        {
            await SignInAsync(user.Username, $"{Password} {i}", Code(secret));
        }

        var events = await EventsAsync();

        Assert.Equal(
            [AuthEventKind.SignInSucceeded, AuthEventKind.TwoFactorFailed, AuthEventKind.SignInFailed, AuthEventKind.SignInFailed,
             AuthEventKind.SignInFailed, AuthEventKind.SignInFailed, AuthEventKind.LockedOut],
            events.Select(e => e.Kind));
        Assert.All(events, e =>
        {
            Assert.Equal(user.Id.ToString(), e.Subject);
            var text = string.Join('|', e.Subject, e.Username, e.ClientId, e.Actor, e.ClientAddress, e.Detail);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(rightCode, text, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongCode, text, StringComparison.Ordinal);
            Assert.Equal("192.0.2.10", e.ClientAddress);
            Assert.Equal(_time.GetUtcNow().Date, e.Time.UtcDateTime.Date);
        });
    }

    private async Task<SignInResult> SignInAsync(string username, string? password, string? code)
    {
        await using var db = IdentityStoreDbContext.Create(_settings);
        return await NewService(db).SignInAsync(username, password, code, "192.0.2.10", CancellationToken.None);
    }

    private SignInService NewService(IdentityStoreDbContext db) =>
        new(db, _totp, _vetting, new AuthEventLog(db, _time), _hasher, _lockout, _time);

    private async Task<(User User, string Secret)> EnrolAsync(Action<User>? adjust = null)
    {
        var (secret, protectedSecret) = _totp.NewSecret();
        var user = new User
        {
            Id = Guid.NewGuid(),
            Username = $"user.{Guid.NewGuid():N}"[..20],
            DisplayName = "Pat Okoro",
            OrganisationCode = "LS1234",
            OrganisationName = "Hyde Park Primary School",
            Roles = "practitioner",
            PasswordHash = string.Empty,
            ProtectedTotpSecret = protectedSecret,
            DbsCheckDate = Today.AddYears(-1),
            DbsCertificateReference = "001234567890",
            TrainingCompletedDate = Today.AddMonths(-1),
            AgreementSignedDate = Today.AddMonths(-1),
            CreatedAt = _time.GetUtcNow(),
        };
        user.PasswordHash = _hasher.HashPassword(user, Password);
        adjust?.Invoke(user);
        await using var db = IdentityStoreDbContext.Create(_settings);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (user, secret);
    }

    private async Task<User> LoadAsync(Guid id)
    {
        await using var db = IdentityStoreDbContext.Create(_settings);
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    private async Task<List<AuthEvent>> EventsAsync()
    {
        await using var db = IdentityStoreDbContext.Create(_settings);
        return await db.AuthEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    private string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(_time.GetUtcNow().UtcDateTime);
}

/// <summary>A password hasher that is cheap to run, and that can hold each verification until a
/// number of them have begun: parallel sign-ins then all read the account before any writes, as
/// they do on a busy server where PBKDF2 takes a while. Without the gate the race depends on how
/// many threads the machine has.</summary>
internal sealed class GatedPasswordHasher : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> _inner = new(Options.Create(new PasswordHasherOptions { IterationCount = 1000 }));
    private readonly object _lock = new(); // a monitor: Wait and PulseAll
    private int _holdUntil;
    private int _begun;

    public void HoldUntil(int verifications)
    {
        lock (_lock)
        {
            _holdUntil = verifications;
            _begun = 0;
        }
    }

    public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        lock (_lock)
        {
            if (_holdUntil > 0 && ++_begun >= _holdUntil)
            {
                _holdUntil = 0;
                Monitor.PulseAll(_lock);
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (_holdUntil > 0 && DateTime.UtcNow < deadline)
            {
                Monitor.Wait(_lock, TimeSpan.FromMilliseconds(100));
            }
        }

        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
