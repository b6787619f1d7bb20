namespace ChildIndex.Cli.Sessions;

/// <summary>
/// The bearer token each call carries. An agency system's own, by client credentials, when
/// CHILDINDEX_CLIENT_ID and CHILDINDEX_CLIENT_SECRET are set (kept in memory: a machine asks
/// again rather than store a token); else the signed-in person's, from the credential cache,
/// refreshed when it is about to expire.
/// </summary>
public sealed class AccessTokens(Uri identity, TimeSpan timeout, CredentialStore credentials, CliEnvironment environment)
{
    public const string ClientIdVariable = "CHILDINDEX_CLIENT_ID";
    public const string ClientSecretVariable = "CHILDINDEX_CLIENT_SECRET";

    /// <summary>
    /// Access tokens live 50 s. One with less than this left is refreshed before the call, so that
    /// it does not expire on its way or while the server checks it.
    /// </summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(10);

    private TokenResponse? _agencyToken;
    private DateTimeOffset _agencyTokenExpiresAt;

    /// <summary>A token for a directory call: the agency system's if configured, else the person's.</summary>
    public Task<string> ForDirectoryAsync(CancellationToken cancellationToken) =>
        AgencyClient() is { } client ? ForAgencyAsync(client.Id, client.Secret, cancellationToken) : ForPersonAsync(NotAuthenticatedException.NotSignedIn, cancellationToken);

    /// <summary>The signed-in person's token for the IdentityAdmin API: identity administration is for people only.</summary>
    public async Task<string> ForIdentityAdminAsync(CancellationToken cancellationToken)
    {
        var token = await ForPersonAsync("not signed in: run childindex login", cancellationToken);
        // The identity server grants this scope to identity administrators only, and its API
        // refuses a token without it as UNAUTHENTICATED, which would send the person to sign in
        // again and again. The token says already that the call cannot be allowed.
        var holder = TokenPayload.Read(token);
        if (holder.Readable && !holder.Scopes.Contains(IdentityClient.IdentityAdminScope))
        {
            throw new PermissionDeniedException(
                $"{holder.Username ?? "the signed-in user"} is not an identity administrator " +
                "(if they were made one since signing in, run childindex login again)");
        }

        return token;
    }

    private async Task<string> ForPersonAsync(string notSignedIn, CancellationToken cancellationToken)
    {
        var session = credentials.Load() ?? throw new NotAuthenticatedException(notSignedIn);
        var now = DateTimeOffset.UtcNow;
        if (session.AccessTokenExpiresAt - now > RefreshMargin)
        {
            return session.AccessToken;
        }

        if (session.RefreshToken is not { Length: > 0 } refreshToken)
        {
            credentials.Delete();
            throw new NotAuthenticatedException("your session has ended (it cannot be refreshed): run childindex login");
        }

        using var server = new IdentityClient(session.Identity, environment.IdentityHandler, timeout);
        var answer = await server.RefreshAsync(refreshToken, cancellationToken);
        if (answer.Error is not null)
        {
            // invalid_grant is the server's final word on this session (suspended, vetting lapsed,
            // refresh token expired or revoked); any other refusal may be the server's own
            // trouble, so the session is kept for another try.
            if (answer.Error != "invalid_grant")
            {
                throw new IdentityServerException($"the identity server did not refresh the session ({answer.Reason})");
            }

            credentials.Delete();
            throw new NotAuthenticatedException($"your session has ended ({answer.Reason}): run childindex login");
        }

        // Refresh tokens rotate: the one just used is spent, so the new one must be kept.
        var refreshed = session with
        {
            AccessToken = answer.AccessToken!,
            AccessTokenExpiresAt = answer.ExpiresAt(now),
            RefreshToken = answer.RefreshToken ?? refreshToken,
        };
        credentials.Save(refreshed);
        return refreshed.AccessToken;
    }

    private async Task<string> ForAgencyAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (_agencyToken is { AccessToken: { } held } && _agencyTokenExpiresAt - now > RefreshMargin)
        {
            return held;
        }

        using var server = new IdentityClient(identity, environment.IdentityHandler, timeout);
        var answer = await server.ClientCredentialsAsync(clientId, secret, cancellationToken);
        if (answer.Error is not null)
        {
            throw new NotAuthenticatedException(
                $"the identity server refused agency client {clientId} ({answer.Reason}): check {ClientIdVariable} and {ClientSecretVariable}");
        }

        _agencyToken = answer;
        _agencyTokenExpiresAt = answer.ExpiresAt(now);
        return answer.AccessToken!;
    }

    private (string Id, string Secret)? AgencyClient()
    {
        var id = environment.Variable(ClientIdVariable);
        var secret = environment.Variable(ClientSecretVariable);
        return (id, secret) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => (id, secret),
            (null or "", null or "") => null,
            _ => throw new UsageException($"set both {ClientIdVariable} and {ClientSecretVariable} (an agency system), or neither (a person signed in with childindex login)"),
        };
    }
}
