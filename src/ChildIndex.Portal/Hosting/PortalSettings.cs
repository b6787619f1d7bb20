namespace ChildIndex.Portal.Hosting;

/// <summary>The portal's settings, from configuration (CHILDINDEX_* variables, see README).</summary>
public static class PortalSettings
{
    public const int DefaultPort = 5083;
    public const string ClientId = "childindex-portal";

    /// <summary>Where the identity server writes the development secret when none is configured.</summary>
    public const string SecretFileName = "portal-client-secret";

    public static int Port(IConfiguration configuration) => configuration.GetValue("PORTAL_PORT", DefaultPort);

    public static string Authority(IConfiguration configuration) =>
        (configuration["IDENTITY_AUTHORITY"] ?? "http://127.0.0.1:5081").TrimEnd('/');

    public static Uri DirectoryAddress(IConfiguration configuration) =>
        new(configuration["DIRECTORY_ADDRESS"] ?? $"http://127.0.0.1:{configuration.GetValue("PORT", 5080)}");

    /// <summary>PORTAL_IDLE_TIMEOUT_SECONDS: a person idle this long signs in again (15 minutes;
    /// they are warned before). The tests shorten it.</summary>
    public static TimeSpan IdleTimeout(IConfiguration configuration) =>
        TimeSpan.FromSeconds(configuration.GetValue("PORTAL_IDLE_TIMEOUT_SECONDS", 15 * 60));

    /// <summary>The identity server's IdentityAdmin gRPC API, for the identity administrators' pages.</summary>
    public static Uri IdentityAdminAddress(IConfiguration configuration) =>
        new(configuration["IDENTITY_ADMIN_ADDRESS"] ?? $"http://127.0.0.1:{configuration.GetValue("IDENTITY_ADMIN_PORT", 5082)}");

    /// <summary>
    /// PORTAL_CLIENT_SECRET, or the secret the identity server generated into the shared data
    /// directory at its first run (development: both run from ./run.sh with the same DATA_DIR).
    /// Read when needed, not at start-up, so the portal may start before the identity server.
    /// </summary>
    public static string ClientSecret(IConfiguration configuration)
    {
        if (configuration["PORTAL_CLIENT_SECRET"] is { Length: > 0 } configured)
        {
            return configured;
        }

        var file = Path.Combine(configuration["DATA_DIR"] ?? "data", SecretFileName);
        return File.Exists(file)
            ? File.ReadAllText(file).Trim()
            : throw new InvalidOperationException($"no portal client secret: set PORTAL_CLIENT_SECRET, or start the identity server once with the same DATA_DIR ({file})");
    }
}
