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

    public static int TokenRequestsPerMinute(IConfiguration configuration) =>
        configuration.GetValue("TOKEN_RATE_LIMIT_PER_MINUTE", 30);

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
