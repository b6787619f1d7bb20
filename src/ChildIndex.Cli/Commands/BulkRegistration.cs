using ChildIndex.Cli.Input;
using ChildIndex.Contracts.V1;
using Grpc.Core;

namespace ChildIndex.Cli.Commands;

/// <summary>
/// Sends every item over one RegisterChildren stream, writing while it reads: the server commits
/// items in batches as they arrive, so a client that waited for each answer before sending the
/// next would get one durable commit per child.
/// </summary>
public sealed class BulkRegistration(ServerConnection connection, IReadOnlyList<RegistrationItem> items, TimeSpan idleTimeout)
{
    private readonly RegisterChildrenResult?[] _results = new RegisterChildrenResult?[items.Count];

    /// <summary>How many items have their result so far.</summary>
    public int Received { get; private set; }

    /// <summary>Results in the order of <c>items</c>, once every item has one.</summary>
    public async Task<IReadOnlyList<RegisterChildrenResult>> SendAsync(Action onResult, CancellationToken cancellationToken)
    {
        // No deadline for the whole stream, which would cap the size of a file; instead the
        // timeout bounds the wait for the next result, so a stalled server is still noticed.
        // The token comes first: fetching it is not waiting for a result.
        var options = await connection.CallOptionsAsync(deadline: null, cancellationToken);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        using var call = connection.Registration.RegisterChildren(options.WithCancellationToken(idle.Token));
        var writing = WriteAllAsync(call.RequestStream, idle.Token);
        try
        {
            await foreach (var result in call.ResponseStream.ReadAllAsync(idle.Token))
            {
                idle.CancelAfter(idleTimeout);
                Accept(result);
                onResult();
            }

            await writing;
        }
        catch (Exception error) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && error is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException)
        {
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "no result within the timeout"));
        }
        catch
        {
            // The reader's error is the server's status; the writer only fails because the call ended.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        if (Received != items.Count)
        {
            throw new InvalidOperationException($"the server ended the stream after {Received} of {items.Count} results: run the same file again to send the rest");
        }

        return _results!;
    }

    private async Task WriteAllAsync(IClientStreamWriter<RegisterChildRequest> stream, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await stream.WriteAsync(item.Request, cancellationToken);
        }

        await stream.CompleteAsync();
    }

    private void Accept(RegisterChildrenResult result)
    {
        if (result.Sequence < 0 || result.Sequence >= items.Count || _results[result.Sequence] is not null)
        {
            throw new InvalidOperationException($"the server sent a result for item {result.Sequence}, which was not sent or already answered");
        }

        _results[result.Sequence] = result;
        Received++;
    }
}
