using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Identity.Core.Accounts;

public enum SignInFailure
{
    None,
    /// <summary>Unknown user, wrong password or wrong code: the caller is not told which.</summary>
    InvalidCredentials,
    LockedOut,
    Suspended,
    VettingNotCurrent,
}

public sealed record SignInResult(User? User, SignInFailure Failure, string Message)
{
    public bool Succeeded => Failure == SignInFailure.None;
}

public sealed class SignInLockout
{
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Signs a person in with username, password and TOTP code, all three every time. Repeated
/// failures lock the account; a suspended account or lapsed vetting is refused only after the
/// credentials are proven, so that a guesser learns nothing about the account.
/// </summary>
public sealed class SignInService(
    IdentityStoreDbContext db,
    TotpAuthenticator totp,
    VettingPolicy vetting,
    AuthEventLog events,
    IPasswordHasher<User> hasher,
    SignInLockout lockout,
    TimeProvider time)
{
    private const string InvalidMessage = "the username, password or code is not right";

    // Verified against when the username is unknown, so that the answer takes as long either way.
    private static readonly string DecoyHash = new PasswordHasher<User>().HashPassword(null!, "decoy-password-for-timing");

    public async Task<SignInResult> SignInAsync(string? username, string? password, string? code, string? clientAddress, CancellationToken cancellationToken)
    {
        var name = (username ?? string.Empty).Trim().ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == name, cancellationToken);
        var now = time.GetUtcNow();
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash, password ?? string.Empty);
            await events.RecordAsync(AuthEventKind.SignInFailed, username: name, clientAddress: clientAddress, detail: "unknown username", cancellationToken: cancellationToken);
            return new SignInResult(null, SignInFailure.InvalidCredentials, InvalidMessage);
        }

        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            await events.RecordAsync(AuthEventKind.SignInRefused, subject: user.Id.ToString(), clientAddress: clientAddress, detail: "account locked", cancellationToken: cancellationToken);
            return new SignInResult(null, SignInFailure.LockedOut, $"too many failed attempts: the account is locked until {lockedUntil:HH:mm} UTC");
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            return await FailAsync(user, AuthEventKind.SignInFailed, "wrong password", clientAddress, cancellationToken);
        }

        if (totp.Verify(user, code) is not { } step || !await SpendCodeAsync(user, step, cancellationToken))
        {
            return await FailAsync(user, AuthEventKind.TwoFactorFailed, "wrong or reused two-factor code", clientAddress, cancellationToken);
        }

        // The code is spent whatever happens next: SpendCodeAsync has stored that already, so the
        // entity only follows (a later save must not move the step back under a newer sign-in).
        db.Entry(user).Property(u => u.LastTotpStep).OriginalValue = step;
        user.LastTotpStep = step;
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        if (StillAllowed(user) is { } refusal)
        {
            events.Add(AuthEventKind.SignInRefused, subject: user.Id.ToString(), clientAddress: clientAddress, detail: refusal.Message);
            await db.SaveChangesAsync(cancellationToken);
            return refusal;
        }

        events.Add(AuthEventKind.SignInSucceeded, subject: user.Id.ToString(), clientAddress: clientAddress);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(user, SignInFailure.None, "signed in");
    }

    /// <summary>Whether a signed-in user may still be given tokens (at each token request and
    /// refresh): not suspended, vetting current. Null when allowed.</summary>
    public SignInResult? StillAllowed(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Status == UserStatus.Suspended)
        {
            return new SignInResult(null, SignInFailure.Suspended, "the account is suspended: contact your identity administrator");
        }

        var status = vetting.Evaluate(user, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        return status.Current ? null : new SignInResult(null, SignInFailure.VettingNotCurrent, $"sign-in refused: {status.Problem}");
    }

    /// <summary>Moves the user's last accepted step on to <paramref name="step"/> in one conditional
    /// update, so that of several sign-ins racing with the same code only one gets it.</summary>
    private async Task<bool> SpendCodeAsync(User user, long step, CancellationToken cancellationToken) =>
        await db.Users
            .Where(u => u.Id == user.Id && u.LastTotpStep < step)
            .ExecuteUpdateAsync(setters => setters.SetProperty(u => u.LastTotpStep, step), cancellationToken) == 1;

    private async Task<SignInResult> FailAsync(User user, AuthEventKind kind, string detail, string? clientAddress, CancellationToken cancellationToken)
    {
        events.Add(kind, subject: user.Id.ToString(), clientAddress: clientAddress, detail: detail);

        // Counted, and locked, by single statements: guesses sent in parallel are all counted and
        // lock the account as surely as guesses sent one after another. Of racing failures, the
        // one whose statement locks the account records the lockout.
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1), cancellationToken);
        DateTimeOffset? lockedUntil = time.GetUtcNow() + lockout.Duration;
        var locked = await db.Users.Where(u => u.Id == user.Id && u.FailedSignIns >= lockout.MaxFailedAttempts)
            .ExecuteUpdateAsync(setters => setters.SetProperty(u => u.LockedUntil, lockedUntil).SetProperty(u => u.FailedSignIns, 0), cancellationToken);
        if (locked == 1)
        {
            events.Add(AuthEventKind.LockedOut, subject: user.Id.ToString(), clientAddress: clientAddress, detail: $"locked for {lockout.Duration.TotalMinutes:0} minutes");
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(null, SignInFailure.InvalidCredentials, InvalidMessage);
    }
}
