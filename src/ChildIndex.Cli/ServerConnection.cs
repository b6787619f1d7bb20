using ChildIndex.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChildIndex.Cli;

/// <summary>
/// The CLI's only route to a gRPC server (the directory, or the identity server's IdentityAdmin
/// API). Every call takes its options from <see cref="CallOptionsAsync"/>, which is where the
/// caller's token is attached, here and nowhere else.
/// </summary>
public sealed class ServerConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    // A channel from the caller's factory (tests: one bound to an in-process server) belongs to
    // the caller, who may share it between runs; only a channel made here is disposed here.
    private readonly bool _ownsChannel;

    private readonly Func<CancellationToken, Task<string>> _bearerToken;

    /// <param name="bearerToken">Gives the access token for the next call; asked once per call,
    /// so that a usage error is reported before any question of credentials arises.</param>
    public ServerConnection(Uri address, Func<Uri, GrpcChannel>? channelFactory, Func<CancellationToken, Task<string>> bearerToken)
    {
        Address = address;
        _ownsChannel = channelFactory is null;
        _channel = channelFactory is null ? GrpcChannel.ForAddress(address) : channelFactory(address);
        _bearerToken = bearerToken;
        Directory = new ChildDirectory.ChildDirectoryClient(_channel);
        Registration = new Registration.RegistrationClient(_channel);
        Admin = new IdentityAdmin.IdentityAdminClient(_channel);
        Audit = new AuditTrail.AuditTrailClient(_channel);
        Management = new IndexManagement.IndexManagementClient(_channel);
    }

    public Uri Address { get; }

    public ChildDirectory.ChildDirectoryClient Directory { get; }

    public Registration.RegistrationClient Registration { get; }

    public IdentityAdmin.IdentityAdminClient Admin { get; }

    public AuditTrail.AuditTrailClient Audit { get; }

    public IndexManagement.IndexManagementClient Management { get; }

    /// <summary>Options for one call: the caller's token, its deadline (none for a stream that paces
    /// itself) and cancellation. The deadline starts once the token is in hand.</summary>
    public async Task<CallOptions> CallOptionsAsync(TimeSpan? deadline, CancellationToken cancellationToken)
    {
        var token = await _bearerToken(cancellationToken);
        // A header rather than CallCredentials: Grpc.Net.Client drops call credentials on
        // plain-text channels, and the servers speak h2c on loopback.
        var headers = new Metadata { { "Authorization", $"Bearer {token}" } };
        return new CallOptions(headers, deadline is { } timeout ? DateTime.UtcNow + timeout : null, cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsChannel)
        {
            _channel.Dispose();
        }
    }
}
