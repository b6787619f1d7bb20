using Grpc.Core;
using Grpc.Net.Client;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Api.Auditing;

/// <summary>
/// The identity server's AuthEventFeed, at IDENTITY_ADMIN_ADDRESS (by default its admin port on
/// this machine), called with the directory's own token. The channel is made per read over the
/// factory's pooled connections, so that a restarted or moved identity server is found again.
/// </summary>
public sealed class AuthEventFeedClient(IHttpClientFactory httpClients, DirectoryClientToken token, IConfiguration configuration)
{
    /// <summary>Long enough for 500 events from a busy store; a round that waits longer fails and the next one tries again.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<V1.AuthEvent>> ReadAsync(long afterId, int maxEvents, CancellationToken cancellationToken)
    {
        var bearer = await token.GetAsync(cancellationToken);
        using var channel = GrpcChannel.ForAddress(Address(configuration), new GrpcChannelOptions
        {
            HttpClient = httpClients.CreateClient(DirectoryClientToken.HttpClientName),
            DisposeHttpClient = true,
        });
        try
        {
            var response = await new V1.AuthEventFeed.AuthEventFeedClient(channel).ReadAuthEventsAsync(
                new V1.ReadAuthEventsRequest { AfterId = afterId, MaxEvents = maxEvents },
                new Metadata { { "Authorization", $"Bearer {bearer}" } },
                DateTime.UtcNow + Deadline,
                cancellationToken);
            return response.Events;
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            token.Forget(bearer);
            throw;
        }
    }

    /// <summary>IDENTITY_ADMIN_ADDRESS, else the identity server's admin port (IDENTITY_ADMIN_PORT,
    /// 5082) on loopback: the address the portal and the CLI use for the IdentityAdmin API.</summary>
    public static Uri Address(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return RequireTlsOffLoopback(new Uri(configuration["IDENTITY_ADMIN_ADDRESS"] is { Length: > 0 } address
            ? address
            : $"http://127.0.0.1:{configuration.GetValue("IDENTITY_ADMIN_PORT", 5082)}"));
    }

    /// <summary>The directory's secret and the events (usernames, addresses) never cross a network
    /// in clear: plain HTTP only to this machine, as for IDENTITY_AUTHORITY.</summary>
    public static Uri RequireTlsOffLoopback(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Scheme == Uri.UriSchemeHttps || address.IsLoopback
            ? address
            : throw new InvalidOperationException($"refusing plain-text HTTP to {address.GetLeftPart(UriPartial.Authority)}: the identity server must be reached over HTTPS unless it is on this machine");
    }
}
