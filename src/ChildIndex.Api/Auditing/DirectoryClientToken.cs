using System.Text.Json.Serialization;
using ChildIndex.Common.Security;
using ChildIndex.Common.Storage;

namespace ChildIndex.Api.Auditing;

/// <summary>
/// The directory's own access token at the identity server (client childindex-directory, client
/// credentials, the auth-events scope), for the AuthEventFeed. Kept until shortly before it
/// expires, then renewed; forgotten when the feed refuses it (the identity server may have new
/// keys), so that the next round asks again. The secret is read when a token is needed, so that
/// the directory may start before the identity server has generated it (development).
/// </summary>
public sealed class DirectoryClientToken(IHttpClientFactory httpClients, IConfiguration configuration, TimeProvider time)
{
    public const string HttpClientName = "identity";
    public const string ClientId = "childindex-directory";

    /// <summary>Where the identity server writes the development secret when none is configured.</summary>
    public const string SecretFileName = "directory-client-secret";

    /// <summary>Renewed this long before expiry, so that a token does not lapse on its way.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    private volatile Issued? _current;

    /// <summary>The current token, or a new one.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && current.Expires - Margin > time.GetUtcNow())
        {
            return current.Token;
        }

        var secret = Secret(configuration)
            ?? throw new InvalidOperationException($"no client secret for the directory: set DIRECTORY_CLIENT_SECRET or DIRECTORY_CLIENT_SECRET_FILE, or start the identity server once with the same DATA_DIR ({SecretFile(configuration)})");
        var requested = time.GetUtcNow();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = secret,
            ["scope"] = ChildIndexScopes.AuthEvents,
        });
        var endpoint = AuthEventFeedClient.RequireTlsOffLoopback(new Uri($"{Hosting.DirectoryAuthentication.Authority(configuration).TrimEnd('/')}/connect/token"));
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(endpoint, form, cancellationToken);
        var answer = response.Content.Headers.ContentType?.MediaType == "application/json"
            ? await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken)
            : null;
        if (!response.IsSuccessStatusCode || answer?.AccessToken is not { Length: > 0 } token)
        {
            // The OAuth error code only: it names no one.
            throw new InvalidOperationException($"the identity server refused the directory's client ({(int)response.StatusCode} {answer?.Error})");
        }

        _current = new Issued(token, requested.AddSeconds(answer.ExpiresIn));
        return token;
    }

    /// <summary>Drops <paramref name="token"/> if it is still the current one.</summary>
    public void Forget(string token)
    {
        if (_current is { } current && current.Token == token)
        {
            _current = null;
        }
    }

    /// <summary>DIRECTORY_CLIENT_SECRET, else the file DIRECTORY_CLIENT_SECRET_FILE (by default the
    /// one the identity server generates into the shared DATA_DIR in development), else null.</summary>
    public static string? Secret(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["DIRECTORY_CLIENT_SECRET"] is { Length: > 0 } configured)
        {
            return configured;
        }

        var file = SecretFile(configuration);
        return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } secret ? secret : null;
    }

    private static string SecretFile(IConfiguration configuration) =>
        configuration["DIRECTORY_CLIENT_SECRET_FILE"] is { Length: > 0 } file
            ? file
            : Path.Combine(DatabaseSettings.DataDirectory(configuration), SecretFileName);

    private sealed record Issued(string Token, DateTimeOffset Expires);

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("error")] string? Error);
}
