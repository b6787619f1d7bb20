using System.Text.Json.Serialization;

namespace ChildIndex.Cli.Sessions;

/// <summary>A person's session as `childindex login` leaves it in the credential cache.</summary>
/// <param name="Identity">The identity server that issued the tokens: refresh and revocation go back to it.</param>
/// <param name="Username">For display only, read from the access token without validating it.</param>
public sealed record StoredSession(
    [property: JsonPropertyName("identity")] Uri Identity,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("access_token_expires_at")] DateTimeOffset AccessTokenExpiresAt,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("username")] string? Username);
