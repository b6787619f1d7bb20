using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using OtpNet;

namespace ChildIndex.LoadDriver;

internal sealed record TokenAnswer(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);

internal sealed record DeviceAnswer(
    [property: JsonPropertyName("device_code")] string DeviceCode,
    [property: JsonPropertyName("user_code")] string UserCode);

/// <summary>
/// A real access token from the identity server, kept fresh: access tokens live 50 s (ADR 7), so
/// a background loop renews each one 15 s before it expires, by refresh token for a person and by
/// client credentials again for an agency system, as the CLI does. Calls read <see cref="Header"/>.
/// </summary>
public sealed partial class TokenSource : IAsyncDisposable
{
    private const string CliClient = "childindex-cli";
    private static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;
    private readonly Func<TokenSource, CancellationToken, Task<TokenAnswer>> _renew;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private string? _refreshToken;

    private TokenSource(Uri identity, Func<TokenSource, CancellationToken, Task<TokenAnswer>> renew)
    {
        // A browser for the sign-in pages: keeps cookies, does not follow redirects (they are the answer).
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = identity,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _renew = renew;
    }

    /// <summary>"Bearer ..." for the authorization header of the next call.</summary>
    public string Header { get; private set; } = string.Empty;

    public int Renewals { get; private set; }

    /// <summary>
    /// A demo practitioner signs in through the device flow exactly as a person at a browser would:
    /// the sign-in page with password and a fresh TOTP code, then approval of the device code.
    /// Development only: it needs the demo user's password and TOTP secret.
    /// </summary>
    public static async Task<TokenSource> PractitionerAsync(Uri identity, string username, string password, string totpSecret, CancellationToken cancellationToken)
    {
        var source = new TokenSource(identity, (self, ct) => self.TokenAsync(
            new() { ["grant_type"] = "refresh_token", ["refresh_token"] = self._refreshToken!, ["client_id"] = CliClient }, ct));
        var device = await source.PostAsync<DeviceAnswer>("connect/device", new() { ["client_id"] = CliClient, ["scope"] = "openid offline_access directory" }, cancellationToken);
        var verify = $"/connect/verify?user_code={Uri.EscapeDataString(device.UserCode)}";
        if (!await source.SignInAsync(username, password, totpSecret, verify, cancellationToken))
        {
            // Each TOTP step is accepted once per user: a sign-in moments before may have used this
            // one. The next step comes within 30 s.
            await Task.Delay(TimeSpan.FromSeconds(31), cancellationToken);
            if (!await source.SignInAsync(username, password, totpSecret, verify, cancellationToken))
            {
                throw new InvalidOperationException($"sign-in of {username} refused by the identity server");
            }
        }

        var page = await source._http.GetStringAsync(new Uri(verify, UriKind.Relative), cancellationToken);
        using var approval = await source.FormAsync("connect/verify", new()
        {
            ["user_code"] = device.UserCode,
            ["submit"] = "approve",
            ["__RequestVerificationToken"] = Antiforgery(page),
        }, cancellationToken);
        if (approval.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"approving the device code failed: HTTP {(int)approval.StatusCode}");
        }

        source.Start(await source.TokenAsync(
            new() { ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["device_code"] = device.DeviceCode, ["client_id"] = CliClient },
            cancellationToken));
        return source;
    }

    /// <summary>An agency system: client credentials, asked again before each token expires.</summary>
    public static async Task<TokenSource> AgencyAsync(Uri identity, string clientId, string secret, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "directory" };
        var source = new TokenSource(identity, (self, ct) => self.TokenAsync(form, ct));
        source.Start(await source.TokenAsync(form, cancellationToken));
        return source;
    }

    /// <summary>The demo users' TOTP secrets, as the identity server's DemoIdentities derives them
    /// (Development only; a real user's secret is in their authenticator).</summary>
    public static string DemoTotpSecret(string username) =>
        Base32Encoding.ToString(SHA256.HashData(Encoding.UTF8.GetBytes($"childindex-demo/{username}"))[..20]);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _http.Dispose();
    }

    private void Start(TokenAnswer first)
    {
        Use(first);
        _loop = Task.Run(async () =>
        {
            var wait = TimeSpan.FromSeconds(first.ExpiresIn) - RenewBefore;
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    var answer = await _renew(this, _stop.Token);
                    Use(answer);
                    Renewals++;
                    wait = TimeSpan.FromSeconds(answer.ExpiresIn) - RenewBefore;
                }
                catch (Exception error) when (error is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    // Try again soon: the current token still has up to 15 s to live.
                    await Console.Error.WriteLineAsync($"token renewal failed, retrying: {error.Message}");
                    wait = TimeSpan.FromSeconds(2);
                }
            }
        });
    }

    private void Use(TokenAnswer answer)
    {
        Header = $"Bearer {answer.AccessToken}";
        // Refresh tokens may roll: always keep the newest.
        _refreshToken = answer.RefreshToken ?? _refreshToken;
    }

    private async Task<bool> SignInAsync(string username, string password, string totpSecret, string returnUrl, CancellationToken cancellationToken)
    {
        var page = await _http.GetStringAsync(new Uri($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative), cancellationToken);
        var code = new Totp(Base32Encoding.ToBytes(totpSecret)).ComputeTotp(DateTime.UtcNow);
        using var response = await FormAsync("account/login", new()
        {
            ["Username"] = username,
            ["Password"] = password,
            ["Code"] = code,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = Antiforgery(page),
        }, cancellationToken);
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    private async Task<TokenAnswer> TokenAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        var answer = await PostAsync<TokenAnswer>("connect/token", form, cancellationToken);
        return answer.AccessToken is null
            ? throw new InvalidOperationException($"the identity server gave no token: {answer.Error} {answer.ErrorDescription}")
            : answer;
    }

    private async Task<T> PostAsync<T>(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var response = await FormAsync(path, form, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            ?? throw new InvalidOperationException($"{path}: empty answer (HTTP {(int)response.StatusCode})");
    }

    private async Task<HttpResponseMessage> FormAsync(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        return await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
    }

    private static string Antiforgery(string html) =>
        AntiforgeryInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery token on the identity server's page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
