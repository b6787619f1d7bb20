using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChildIndex.Cli.Sessions;

/// <summary>
/// The CLI's HTTP conversation with the identity server: the device authorization flow, the token
/// endpoint (device code, refresh, client credentials) and revocation, at the paths ChildIndex's
/// identity server serves them.
/// </summary>
public sealed class IdentityClient : IDisposable
{
    /// <summary>The CLI's built-in public client: it holds no secret.</summary>
    public const string CliClientId = "childindex-cli";

    /// <summary>identity-admin is granted only to identity administrators; asking costs others nothing.</summary>
    public const string CliScopes = "openid offline_access directory identity-admin";

    public const string AgencyScope = "directory";

    public const string IdentityAdminScope = "identity-admin";

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    /// <param name="handler">Carries the requests (tests: the in-process identity server); it
    /// belongs to the caller. Without one, a handler is made and disposed here.</param>
    public IdentityClient(Uri address, HttpMessageHandler? handler, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        _timeout = timeout;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        // Endpoint paths are relative: they resolve under the address, even one with a path.
        _http.BaseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        _http.Timeout = timeout;
    }

    public Uri Address { get; }

    /// <summary>The longest wait a Retry-After may ask for before the CLI gives up instead.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private const int MaxAttempts = 3;

    /// <summary>Where the CLI says it is waiting (standard error).</summary>
    public TextWriter Notices { get; init; } = Console.Error;

    /// <summary>How a wait is spent (tests: no real waiting).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public async Task<DeviceAuthorizationResponse> StartDeviceAuthorizationAsync(CancellationToken cancellationToken)
    {
        using var response = await PostAsync("connect/device", new() { ["client_id"] = CliClientId, ["scope"] = CliScopes }, cancellationToken);
        var answer = await ReadAsync<DeviceAuthorizationResponse>(response, cancellationToken);
        if (!response.IsSuccessStatusCode || answer is not { DeviceCode.Length: > 0, UserCode.Length: > 0, VerificationUri.Length: > 0 })
        {
            var reason = answer?.ErrorDescription ?? answer?.Error ?? Status(response);
            throw new IdentityServerException($"the identity server at {Address.OriginalString} did not start a sign-in: {reason}", ExitCodeFor(response));
        }

        return answer;
    }

    public Task<TokenResponse> RedeemDeviceCodeAsync(string deviceCode, CancellationToken cancellationToken) => TokenAsync(
        new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["device_code"] = deviceCode,
            ["client_id"] = CliClientId,
        },
        cancellationToken);

    public Task<TokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken) => TokenAsync(
        new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = CliClientId },
        cancellationToken);

    public Task<TokenResponse> ClientCredentialsAsync(string clientId, string clientSecret, CancellationToken cancellationToken) => TokenAsync(
        new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["scope"] = AgencyScope,
        },
        cancellationToken);

    /// <summary>Revokes a refresh token (RFC 7009): it can never be refreshed again.</summary>
    public async Task RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(
            "connect/revocation",
            new() { ["token"] = refreshToken, ["token_type_hint"] = "refresh_token", ["client_id"] = CliClientId },
            cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var answer = await ReadAsync<TokenResponse>(response, cancellationToken);
            throw new IdentityServerException($"the identity server did not revoke the session: {answer?.Reason ?? Status(response)}", ExitCodeFor(response));
        }
    }

    public void Dispose() => _http.Dispose();

    // An OAuth refusal (400 or 401 with an error code) is an answer for the caller to act on;
    // anything else without a token means the server could not answer properly.
    private async Task<TokenResponse> TokenAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("connect/token", form, cancellationToken);
        var answer = await ReadAsync<TokenResponse>(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || answer is null || (answer.Error is null && (!response.IsSuccessStatusCode || answer.AccessToken is null)))
        {
            throw new IdentityServerException($"the identity server at {Address.OriginalString} gave no token: {Status(response)}", ExitCodeFor(response));
        }

        return answer;
    }

    // A server that says when to come back (429 with Retry-After) is waited for, a few times and
    // not for long: a person at a terminal would rather be told than left hanging.
    private async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await SendAsync(path, form, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == MaxAttempts || RetryAfter(response) is not { } wait || wait > MaxWait)
            {
                return response;
            }

            response.Dispose();
            await Notices.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"The identity server asks this address to wait {wait.TotalSeconds:0} s before trying again: waiting."));
            await Delay(wait, cancellationToken);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    private async Task<HttpResponseMessage> SendAsync(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        try
        {
            return await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        }
        catch (HttpRequestException unreachable)
        {
            throw new IdentityServerException(
                $"cannot reach the identity server at {Address.OriginalString} (is ./run.sh running?)", ExitCodes.Unavailable, unreachable);
        }
        catch (TaskCanceledException timedOut) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IdentityServerException(
                string.Create(CultureInfo.InvariantCulture, $"the identity server at {Address.OriginalString} did not answer within {_timeout.TotalSeconds:0.#} s: try a longer --timeout"),
                ExitCodes.Unavailable,
                timedOut);
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Status(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
            ? RetryAfter(response) is { } wait
                ? string.Create(CultureInfo.InvariantCulture, $"too many sign-in or token requests from this address: try again in {Math.Ceiling(wait.TotalSeconds):0} s")
                : "too many sign-in or token requests from this address: wait a minute and try again"
            : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");

    private static int ExitCodeFor(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
            ? ExitCodes.Unavailable
            : ExitCodes.Failure;
}
