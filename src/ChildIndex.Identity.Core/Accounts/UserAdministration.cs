using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.Common.Errors;
using ChildIndex.Common.Security;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Identity.Core.Accounts;

/// <summary>What identity administrators do to accounts. Every change is recorded as an
/// authentication event naming the administrator.</summary>
public sealed partial class UserAdministration(
    IdentityStoreDbContext db,
    TotpAuthenticator totp,
    VettingPolicy vetting,
    AuthEventLog events,
    IPasswordHasher<User> hasher,
    TimeProvider time)
{
    public const int MaxListed = 200;

    public async Task<V1.EnrolUserResponse> EnrolAsync(V1.EnrolUserRequest request, string actor, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var username = Username(request.Username, violations);
        var displayName = Text(request.DisplayName, "display_name", 100, violations);
        var organisationCode = OrganisationCode(request.OrganisationCode, violations);
        var organisationName = Text(request.OrganisationName, "organisation_name", 100, violations);
        var roles = PersonRoles(request.Roles, violations);
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Username = username ?? string.Empty,
            DisplayName = displayName ?? string.Empty,
            OrganisationCode = organisationCode ?? string.Empty,
            OrganisationName = organisationName ?? string.Empty,
            Roles = string.Join(' ', roles),
            PasswordHash = string.Empty,
            ProtectedTotpSecret = string.Empty,
            CreatedAt = time.GetUtcNow(),
        };
        if (request.Vetting is not null)
        {
            ApplyVetting(user, request.Vetting, violations);
        }

        violations.ThrowIfAny();
        if (await db.Users.AnyAsync(u => u.Username == username, cancellationToken))
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, $"username {username} is already taken");
        }

        var password = NewPassword();
        user.PasswordHash = hasher.HashPassword(user, password);
        var secret = totp.NewSecret();
        user.ProtectedTotpSecret = secret.Protected;
        db.Users.Add(user);
        events.Add(AuthEventKind.UserEnrolled, subject: user.Id.ToString(), actor: actor, detail: $"roles {user.Roles}");
        await db.SaveChangesAsync(cancellationToken);
        return new V1.EnrolUserResponse
        {
            User = ToContract(user),
            InitialPassword = password,
            TotpSecret = secret.Base32,
            TotpUri = TotpAuthenticator.Uri(user.Username, secret.Base32),
        };
    }

    public async Task<V1.UserAccount> RecordVettingAsync(V1.RecordVettingRequest request, string actor, CancellationToken cancellationToken)
    {
        var user = await FindAsync(request.Username, cancellationToken);
        var violations = new Violations();
        if (request.Vetting is null)
        {
            violations.Add("vetting", "is required");
        }
        else
        {
            ApplyVetting(user, request.Vetting, violations);
        }

        violations.ThrowIfAny();
        events.Add(AuthEventKind.VettingRecorded, subject: user.Id.ToString(), actor: actor);
        await db.SaveChangesAsync(cancellationToken);
        return ToContract(user);
    }

    public async Task<V1.ResetTwoFactorResponse> ResetTwoFactorAsync(V1.ResetTwoFactorRequest request, string actor, CancellationToken cancellationToken)
    {
        var user = await FindAsync(request.Username, cancellationToken);
        var secret = totp.NewSecret();
        user.ProtectedTotpSecret = secret.Protected;
        user.LastTotpStep = 0;
        events.Add(AuthEventKind.TwoFactorReset, subject: user.Id.ToString(), actor: actor);
        await db.SaveChangesAsync(cancellationToken);
        return new V1.ResetTwoFactorResponse { TotpSecret = secret.Base32, TotpUri = TotpAuthenticator.Uri(user.Username, secret.Base32) };
    }

    public async Task<V1.ResetPasswordResponse> ResetPasswordAsync(V1.ResetPasswordRequest request, string actor, CancellationToken cancellationToken)
    {
        var user = await FindAsync(request.Username, cancellationToken);
        var password = NewPassword();
        user.PasswordHash = hasher.HashPassword(user, password);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        events.Add(AuthEventKind.PasswordReset, subject: user.Id.ToString(), actor: actor);
        await db.SaveChangesAsync(cancellationToken);
        return new V1.ResetPasswordResponse { Password = password };
    }

    public async Task<V1.UserAccount> SuspendAsync(V1.SuspendUserRequest request, string actor, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var reason = Text(request.Reason, "reason", 200, violations);
        violations.ThrowIfAny();
        var user = await FindAsync(request.Username, cancellationToken);
        user.Status = UserStatus.Suspended;
        user.SuspensionReason = reason;
        events.Add(AuthEventKind.UserSuspended, subject: user.Id.ToString(), actor: actor, detail: reason);
        await db.SaveChangesAsync(cancellationToken);
        return ToContract(user);
    }

    public async Task<V1.UserAccount> ReinstateAsync(V1.ReinstateUserRequest request, string actor, CancellationToken cancellationToken)
    {
        var user = await FindAsync(request.Username, cancellationToken);
        user.Status = UserStatus.Active;
        user.SuspensionReason = null;
        events.Add(AuthEventKind.UserReinstated, subject: user.Id.ToString(), actor: actor);
        await db.SaveChangesAsync(cancellationToken);
        return ToContract(user);
    }

    public async Task<V1.UserAccount> GetAsync(V1.GetUserRequest request, CancellationToken cancellationToken) =>
        ToContract(await FindAsync(request.Username, cancellationToken));

    public async Task<V1.ListUsersResponse> ListAsync(V1.ListUsersRequest request, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.OrganisationCode))
        {
            var code = request.OrganisationCode.Trim().ToUpperInvariant();
            query = query.Where(u => u.OrganisationCode == code);
        }

        var users = await query.OrderBy(u => u.Username).Take(MaxListed).ToListAsync(cancellationToken);
        var response = new V1.ListUsersResponse();
        response.Users.AddRange(users.Select(ToContract));
        return response;
    }

    public V1.UserAccount ToContract(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var status = vetting.Evaluate(user, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var account = new V1.UserAccount
        {
            UserId = user.Id.ToString(),
            Username = user.Username,
            DisplayName = user.DisplayName,
            OrganisationCode = user.OrganisationCode,
            OrganisationName = user.OrganisationName,
            Status = user.Status == UserStatus.Active ? V1.AccountStatus.Active : V1.AccountStatus.Suspended,
            SuspensionReason = user.SuspensionReason ?? string.Empty,
            Vetting = new V1.Vetting
            {
                DbsCheckDate = ToDate(user.DbsCheckDate),
                DbsCertificateReference = user.DbsCertificateReference ?? string.Empty,
                TrainingCompletedDate = ToDate(user.TrainingCompletedDate),
                AgreementSignedDate = ToDate(user.AgreementSignedDate),
            },
            VettingCurrent = status.Current,
            VettingExpiresOn = ToDate(status.ExpiresOn),
            VettingProblem = status.Problem ?? string.Empty,
            LockedUntil = user.LockedUntil is { } locked && locked > time.GetUtcNow() ? Timestamp.FromDateTimeOffset(locked) : null,
            CreatedAt = Timestamp.FromDateTimeOffset(user.CreatedAt),
        };
        account.Roles.AddRange(user.RoleList);
        return account;
    }

    private async Task<User> FindAsync(string? username, CancellationToken cancellationToken)
    {
        var name = (username ?? string.Empty).Trim().ToLowerInvariant();
        if (name.Length == 0)
        {
            throw DomainException.Invalid("username", "is required");
        }

        return await db.Users.SingleOrDefaultAsync(u => u.Username == name, cancellationToken)
            ?? throw new DomainException(DomainErrorKind.NotFound, $"no user {name}");
    }

    private void ApplyVetting(User user, V1.Vetting vettingRecord, Violations violations)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        user.DbsCheckDate = PastDate(vettingRecord.DbsCheckDate, "vetting.dbs_check_date", today, violations);
        user.TrainingCompletedDate = PastDate(vettingRecord.TrainingCompletedDate, "vetting.training_completed_date", today, violations);
        user.AgreementSignedDate = PastDate(vettingRecord.AgreementSignedDate, "vetting.agreement_signed_date", today, violations);
        var reference = vettingRecord.DbsCertificateReference?.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (string.IsNullOrEmpty(reference))
        {
            user.DbsCertificateReference = null;
            if (user.DbsCheckDate is not null)
            {
                violations.Add("vetting.dbs_certificate_reference", "is required with a DBS check date");
            }
        }
        else if (!DbsReference().IsMatch(reference))
        {
            violations.Add("vetting.dbs_certificate_reference", "must be the 12-digit DBS certificate number");
        }
        else
        {
            user.DbsCertificateReference = reference;
        }
    }

    private static DateOnly? PastDate(Google.Type.Date? date, string field, DateOnly today, Violations violations)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            return null;
        }

        if (date.Year is < 1990 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            violations.Add(field, "must be a complete calendar date");
            return null;
        }

        var value = new DateOnly(date.Year, date.Month, date.Day);
        if (value > today)
        {
            violations.Add(field, "must not be in the future");
            return null;
        }

        return value;
    }

    private static Google.Type.Date? ToDate(DateOnly? date) =>
        date is { } d ? new Google.Type.Date { Year = d.Year, Month = d.Month, Day = d.Day } : null;

    private static string? Username(string? value, Violations violations)
    {
        var name = (value ?? string.Empty).Trim().ToLowerInvariant();
        if (!UsernamePattern().IsMatch(name))
        {
            violations.Add("username", "must be 3 to 64 characters: lower-case letters, digits, '.', '-' and '_', starting with a letter or digit");
            return null;
        }

        return name;
    }

    private static string? OrganisationCode(string? value, Violations violations)
    {
        var code = (value ?? string.Empty).Trim().ToUpperInvariant();
        if (!OrganisationCodePattern().IsMatch(code))
        {
            violations.Add("organisation_code", "must be 2 to 12 letters and digits");
            return null;
        }

        return code;
    }

    private static string? Text(string? value, string field, int maxLength, Violations violations)
    {
        var text = (value ?? string.Empty).Trim();
        if (text.Length == 0 || text.Length > maxLength || !TextPattern().IsMatch(text))
        {
            violations.Add(field, $"must be 1 to {maxLength} characters of letters, digits, spaces and , . ' - & ( )");
            return null;
        }

        return text;
    }

    private static List<string> PersonRoles(IEnumerable<string> requested, Violations violations)
    {
        var roles = requested.Select(r => r.Trim().ToLowerInvariant()).Distinct().ToList();
        if (roles.Count == 0)
        {
            violations.Add("roles", "at least one role is required");
        }

        foreach (var role in roles.Where(r => !Roles.ForPeople.Contains(r)))
        {
            violations.Add("roles", $"'{role}' is not a role a person may hold: {string.Join(", ", Roles.ForPeople)}");
        }

        return roles;
    }

    private static string NewPassword()
    {
        // No look-alike characters: it is read off a screen and typed once.
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return string.Create(20, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[A-Z0-9]{2,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationCodePattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{M}\p{N} ,.'’\-&()]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TextPattern();

    [GeneratedRegex("^[0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex DbsReference();
}
