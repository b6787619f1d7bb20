using System.Text.Json.Serialization;

namespace ChildIndex.Cli.Sessions;

/// <summary>A token endpoint answer (RFC 6749 section 5): tokens, or an error code with its description.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription)
{
    /// <summary>The server's own words for a refusal: they say why (suspended, vetting expired on ...).</summary>
    public string Reason => ErrorDescription is { Length: > 0 } description ? description : Error ?? "no reason given";

    public DateTimeOffset ExpiresAt(DateTimeOffset now) => now + TimeSpan.FromSeconds(ExpiresIn ?? 0);
}

/// <summary>The device authorization endpoint's answer (RFC 8628 section 3.2).</summary>
public sealed record DeviceAuthorizationResponse(
    [property: JsonPropertyName("device_code")] string? DeviceCode,
    [property: JsonPropertyName("user_code")] string? UserCode,
    [property: JsonPropertyName("verification_uri")] string? VerificationUri,
    [property: JsonPropertyName("verification_uri_complete")] string? VerificationUriComplete,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("interval")] int? Interval,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
