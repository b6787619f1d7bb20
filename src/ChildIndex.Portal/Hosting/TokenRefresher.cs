using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChildIndex.Portal.Hosting;

/// <summary>
/// Keeps a session's access token fresh (they live 50 s) with its refresh token, on the server,
/// before the page that needs it runs. A refused refresh (a suspended user, lapsed vetting, a
/// revoked session) ends the portal session: within a minute of a suspension the person is out.
/// </summary>
public sealed partial class TokenRefresher(IHttpClientFactory httpClients, IConfiguration configuration, TimeProvider time, ILogger<TokenRefresher> logger)
{
    public const string HttpClientName = "identity";
    public const string AbsoluteExpiryItem = ".childindex.absolute_expiry";

    /// <summary>Refreshed this long before expiry, so a token does not lapse during a page's calls.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

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
        var refreshed = refreshToken is null ? null : await RefreshAsync(refreshToken, context.HttpContext.RequestAborted);
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
