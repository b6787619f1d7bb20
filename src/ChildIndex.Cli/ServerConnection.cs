using ChildIndex.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChildIndex.Cli;

/// <summary>
/// The CLI's only route to the server. Every call takes its options from <see cref="CallOptions"/>,
/// so that `childindex login` (a later issue) can attach the caller's token to every call here
/// and nowhere else.
/// </summary>
public sealed class ServerConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    // A channel from the caller's factory (tests: one bound to an in-process server) belongs to
    // the caller, who may share it between runs; only a channel made here is disposed here.
    private readonly bool _ownsChannel;

    public ServerConnection(Uri address, Func<Uri, GrpcChannel>? channelFactory)
    {
        Address = address;
        _ownsChannel = channelFactory is null;
        _channel = channelFactory is null ? GrpcChannel.ForAddress(address) : channelFactory(address);
        Directory = new ChildDirectory.ChildDirectoryClient(_channel);
        Registration = new Registration.RegistrationClient(_channel);
    }

    public Uri Address { get; }

    public ChildDirectory.ChildDirectoryClient Directory { get; }

    public Registration.RegistrationClient Registration { get; }

    /// <summary>Options for one call: its deadline (none for a stream that paces itself) and cancellation.</summary>
    public static CallOptions CallOptions(TimeSpan? deadline, CancellationToken cancellationToken) =>
        new(deadline: deadline is { } timeout ? DateTime.UtcNow + timeout : null, cancellationToken: cancellationToken);

    public void Dispose()
    {
        if (_ownsChannel)
        {
            _channel.Dispose();
        }
    }
}
