namespace ChildIndex.Cli.Sessions;

/// <summary>
/// The device authorization flow (RFC 8628) from the command line's side: get a code, show the
/// person where to approve it, then poll the token endpoint at the pace the server asks for.
/// </summary>
public sealed class DeviceLogin(IdentityClient server, TextWriter output)
{
    // RFC 8628 section 3.5: without an interval the client waits 5 s; slow_down adds 5 s for good.
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    /// <summary>The tokens, once the person has approved the code.</summary>
    public async Task<TokenResponse> RunAsync(CancellationToken cancellationToken)
    {
        var device = await server.StartDeviceAuthorizationAsync(cancellationToken);
        await output.WriteLineAsync($"Open {device.VerificationUri} and enter code {device.UserCode}");
        if (device.VerificationUriComplete is { Length: > 0 } complete)
        {
            await output.WriteLineAsync($"  (or open {complete}, which fills in the code)");
        }

        await output.WriteLineAsync("Sign in there with your password and authenticator code, then approve. Waiting...");
        await output.FlushAsync(cancellationToken);

        var interval = device.Interval is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultInterval;
        var expires = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(device.ExpiresIn is > 0 and var lifetime ? lifetime : 600);
        while (true)
        {
            await Task.Delay(interval, cancellationToken);
            var answer = await server.RedeemDeviceCodeAsync(device.DeviceCode!, cancellationToken);
            switch (answer.Error)
            {
                case null:
                    return answer;
                case "authorization_pending" when DateTimeOffset.UtcNow < expires:
                    break;
                case "slow_down" when DateTimeOffset.UtcNow < expires:
                    interval += SlowDownStep;
                    break;
                case "authorization_pending" or "slow_down" or "expired_token":
                    throw new NotAuthenticatedException("the code expired before it was approved: run childindex login again");
                case "access_denied":
                    throw new NotAuthenticatedException($"the sign-in was not approved ({answer.Reason})");
                default:
                    throw new NotAuthenticatedException($"the sign-in failed ({answer.Reason})");
            }
        }
    }
}
