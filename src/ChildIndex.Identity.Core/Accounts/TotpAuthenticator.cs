using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace ChildIndex.Identity.Core.Accounts;

/// <summary>
/// Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30-second steps), as every
/// authenticator app produces. A code from the step before or after is accepted for clock drift;
/// each step is accepted once per user, so a code seen over a shoulder cannot be used again.
/// </summary>
public sealed class TotpAuthenticator(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string Issuer = "ChildIndex";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("ChildIndex.Identity.TotpSecret");

    /// <summary>A new secret: base32 for people, protected for storage.</summary>
    public (string Base32, string Protected) NewSecret()
    {
        var base32 = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));
        return (base32, _protector.Protect(base32));
    }

    /// <summary>Protects a given secret for storage (demo identities have fixed secrets).</summary>
    public string Protect(string base32Secret) => _protector.Protect(base32Secret);

    public static string Uri(string username, string base32Secret) =>
        $"otpauth://totp/{Issuer}:{System.Uri.EscapeDataString(username)}?secret={base32Secret}&issuer={Issuer}&algorithm=SHA1&digits=6&period=30";

    /// <summary>The step the code matches, if it is valid now and newer than the last step accepted.</summary>
    public long? Verify(User user, string? code)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(code) || code.Trim().Length != 6 || !code.Trim().All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(_protector.Unprotect(user.ProtectedTotpSecret)));
        var matched = totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code.Trim(), out var step, new VerificationWindow(previous: 1, future: 1));
        return matched && step > user.LastTotpStep ? step : null;
    }
}
