using ChildIndex.Identity.Core.Accounts;

namespace ChildIndex.Identity.Hosting;

/// <summary>The identity server's settings, from configuration (CHILDINDEX_* variables).</summary>
public static class Settings
{
    /// <summary>Short, so that a suspension or revocation reaches the directory within a minute:
    /// 50 s of lifetime plus the directory's 10 s of clock skew (docs/decisions/0007).</summary>
    public static TimeSpan AccessTokenLifetime(IConfiguration configuration) =>
        TimeSpan.FromSeconds(configuration.GetValue("ACCESS_TOKEN_LIFETIME_SECONDS", 50));

    /// <summary>A working day: a practitioner signs in with two factors once a day.</summary>
    public static TimeSpan RefreshTokenLifetime(IConfiguration configuration) =>
        TimeSpan.FromHours(configuration.GetValue("REFRESH_TOKEN_LIFETIME_HOURS", 8));

    /// <summary>A flood limit per client address over the sign-in pages and the token endpoint,
    /// high enough for an office of people behind one address signing in and refreshing at once:
    /// guessing is stopped by <see cref="FailedSignInsPerAddress"/> and the account lockout.</summary>
    public static int TokenRequestsPerMinute(IConfiguration configuration) =>
        configuration.GetValue("TOKEN_RATE_LIMIT_PER_MINUTE", 600);

    /// <summary>Failed sign-ins (password, code, client secret, grant) per client address in
    /// <see cref="FailedSignInWindow"/> before that address must wait: stops guessing across
    /// accounts, which the per-account lockout alone does not.</summary>
    public static int FailedSignInsPerAddress(IConfiguration configuration) =>
        configuration.GetValue("FAILED_SIGN_IN_LIMIT_PER_ADDRESS", 20);

    public static readonly TimeSpan FailedSignInWindow = TimeSpan.FromMinutes(15);

    public static VettingOptions Vetting(IConfiguration configuration) => new()
    {
        DbsValidityYears = configuration.GetValue("VETTING_DBS_VALIDITY_YEARS", 3),
        TrainingValidityYears = configuration.GetValue("VETTING_TRAINING_VALIDITY_YEARS", 1),
        AgreementRequired = configuration.GetValue("VETTING_AGREEMENT_REQUIRED", true),
    };

    /// <summary>Where the future web portal may receive authorization codes.</summary>
    public static IReadOnlyList<Uri> PortalRedirectUris(IConfiguration configuration) =>
        [.. (configuration["PORTAL_REDIRECT_URIS"] ?? "http://127.0.0.1:5090/signin-oidc")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u))];
}
