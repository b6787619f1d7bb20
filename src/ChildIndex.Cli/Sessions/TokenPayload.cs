using System.Buffers.Text;
using System.Text.Json;

namespace ChildIndex.Cli.Sessions;

/// <summary>
/// What an access token says about its holder, for display and for a friendly refusal only. The
/// CLI never validates a token (the servers do, on every call): it just decodes the payload.
/// </summary>
public sealed record TokenPayload(string? Username, string? Name, string? OrganisationCode, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes)
{
    private static readonly TokenPayload Unreadable = new(null, null, null, [], []) { Readable = false };

    /// <summary>False when the token is not a JWT whose payload could be read: nothing is known.</summary>
    public bool Readable { get; private init; } = true;

    public static TokenPayload Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return Unreadable;
        }

        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var claims = json.RootElement;
            if (claims.ValueKind != JsonValueKind.Object)
            {
                return Unreadable;
            }

            return new TokenPayload(
                Text(claims, "preferred_username"),
                Text(claims, "name"),
                Text(claims, "org_code"),
                Values(claims, "role"),
                [.. Values(claims, "scope").SelectMany(scope => scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))]);
        }
        catch (Exception unreadable) when (unreadable is FormatException or JsonException)
        {
            return Unreadable;
        }
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // A JWT claim with one value is a string, with several an array.
    private static List<string> Values(JsonElement claims, string name) =>
        !claims.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.String ? [value.GetString()!]
        : value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
        : [];
}
