using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace ChildIndex.Portal.Hosting;

/// <summary>
/// Keeps a session's access token fresh (they live 50 s) with its refresh token, on the server,
/// before the page that needs it runs. A refused refresh (a suspended user, lapsed vetting, a
/// revoked session) ends the portal session: within a minute of a suspension the person is out.
/// Refresh tokens rotate (each is spent by its use), so the requests of one session that need a
/// refresh at the same moment (a page and its download, two tabs) refresh once: the first does it
/// under the session's lock, the others wait and take its answer.
/// </summary>
public sealed partial class TokenRefresher(IHttpClientFactory httpClients, IConfiguration configuration, TimeProvider time, IMemoryCache cache, ILogger<TokenRefresher> logger)
{
    public const string HttpClientName = "identity";
    public const string AbsoluteExpiryItem = ".childindex.absolute_expiry";

    /// <summary>Refreshed this long before expiry, so a token does not lapse during a page's calls.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    /// <summary>How long a refresh's answer stays for the session's other requests that still
    /// hold the refresh token it spent (they read the session before it was renewed).</summary>
    private static readonly TimeSpan AnswerKept = TimeSpan.FromSeconds(30);

    private const string AnswerPrefix = "token-refresh:";

    private readonly KeyedLocks _sessions = new();

    /// <summary>Sessions refreshing now (tests: the locks are dropped when idle).</summary>
    public int SessionsRefreshing => _sessions.Count;

    public static DateTimeOffset? AbsoluteExpiry(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(AbsoluteExpiryItem, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry)
            ? expiry
            : null;

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = time.GetUtcNow();
        if (AbsoluteExpiry(context.Properties) is not { } absolute || now >= absolute)
        {
            await RejectAsync(context);
            return;
        }

        var expiresAt = context.Properties.GetTokenValue("expires_at");
        if (expiresAt is not null
            && DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry)
            && expiry - Margin > now)
        {
            return;
        }

        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        var refreshed = refreshToken is null ? null : await RefreshOnceAsync(refreshToken);
        if (refreshed?.AccessToken is null)
        {
            LogRefreshRefused(logger);
            await RejectAsync(context);
            return;
        }

        context.Properties.UpdateTokenValue("access_token", refreshed.AccessToken);
        if (refreshed.RefreshToken is not null)
        {
            context.Properties.UpdateTokenValue("refresh_token", refreshed.RefreshToken);
        }

        context.Properties.UpdateTokenValue("expires_at", now.AddSeconds(refreshed.ExpiresIn).ToString("o", CultureInfo.InvariantCulture));
        var identity = new ClaimsIdentity(context.Principal!.Identity);
        PortalSignIn.AddDirectoryClaims(identity, refreshed.AccessToken);
        context.ReplacePrincipal(new ClaimsPrincipal(identity));
        context.ShouldRenew = true;
    }

    /// <summary>Revokes the session's refresh token at the identity server (sign-out).</summary>
    public async Task RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(
            $"{PortalSettings.Authority(configuration)}/connect/revocation",
            ClientForm(new() { ["token"] = refreshToken, ["token_type_hint"] = "refresh_token" }),
            cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogRevocationFailed(logger, (int)response.StatusCode);
        }
    }

    /// <summary>
    /// The session's refresh: done here, or by a request of the same session that holds the same
    /// refresh token and did it first. The refresh token names the session (each session has its
    /// own chain of them), and only its hash is a key. The refresh is not cancelled with the
    /// request that started it: others may be waiting for it, and a refresh the identity server
    /// carried out but nobody read would have spent the session's token.
    /// </summary>
    private async Task<TokenResponse?> RefreshOnceAsync(string refreshToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using (await _sessions.LockAsync(key, timeout.Token))
        {
            if (cache.TryGetValue(AnswerPrefix + key, out TokenResponse? answer))
            {
                return answer;
            }

            answer = await RefreshAsync(refreshToken, timeout.Token);
            cache.Set(AnswerPrefix + key, answer, AnswerKept);
            return answer;
        }
    }

    private async Task<TokenResponse?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(
            $"{PortalSettings.Authority(configuration)}/connect/token",
            ClientForm(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
            cancellationToken);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            : null;
    }

    private FormUrlEncodedContent ClientForm(Dictionary<string, string> fields)
    {
        fields["client_id"] = PortalSettings.ClientId;
        fields["client_secret"] = PortalSettings.ClientSecret(configuration);
        return new FormUrlEncodedContent(fields);
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(PortalSignIn.CookieScheme);
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "token refresh refused: session ended")]
    private static partial void LogRefreshRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "refresh token revocation answered {Status}")]
    private static partial void LogRevocationFailed(ILogger logger, int status);
}
