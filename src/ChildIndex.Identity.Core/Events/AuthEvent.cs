namespace ChildIndex.Identity.Core.Events;

public enum AuthEventKind : byte
{
    SignInSucceeded = 1,
    SignInFailed = 2,
    TwoFactorFailed = 3,
    LockedOut = 4,
    SignInRefused = 5,
    TokenIssued = 6,
    TokenRefused = 7,
    UserEnrolled = 8,
    VettingRecorded = 9,
    TwoFactorReset = 10,
    PasswordReset = 11,
    UserSuspended = 12,
    UserReinstated = 13,
    ClientRegistered = 14,
    ClientRevoked = 15,
}

/// <summary>An authentication or account event, kept for the audit trail. Never holds a password,
/// code or secret.</summary>
public sealed class AuthEvent
{
    public long Id { get; set; }
    public DateTimeOffset Time { get; set; }
    public AuthEventKind Kind { get; set; }

    /// <summary>The user id or client id the event is about, when known.</summary>
    public string? Subject { get; set; }

    /// <summary>The username as typed, for failed sign-ins of unknown users.</summary>
    public string? Username { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Who did it, for administrative events: the administrator's user id.</summary>
    public string? Actor { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>A short reason: "wrong password", "vetting expired on 2026-01-01 ...".</summary>
    public string? Detail { get; set; }
}
