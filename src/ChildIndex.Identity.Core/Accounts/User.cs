namespace ChildIndex.Identity.Core.Accounts;

public enum UserStatus : byte
{
    Active = 1,
    Suspended = 2,
}

/// <summary>A vetted person who may sign in. Secrets are kept only as a password hash and a
/// data-protected TOTP secret.</summary>
public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>Lower case; unique.</summary>
    public required string Username { get; set; }

    public required string DisplayName { get; set; }
    public required string OrganisationCode { get; set; }
    public required string OrganisationName { get; set; }

    /// <summary>Role names, space-separated (see ChildIndex.Common.Security.Roles).</summary>
    public required string Roles { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>The TOTP secret, encrypted with ASP.NET Core data protection.</summary>
    public required string ProtectedTotpSecret { get; set; }

    /// <summary>The last TOTP time step accepted: a code is accepted once, and never one older.</summary>
    public long LastTotpStep { get; set; }

    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

    public UserStatus Status { get; set; } = UserStatus.Active;
    public string? SuspensionReason { get; set; }

    public DateOnly? DbsCheckDate { get; set; }
    public string? DbsCertificateReference { get; set; }
    public DateOnly? TrainingCompletedDate { get; set; }
    public DateOnly? AgreementSignedDate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
