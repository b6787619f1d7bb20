using System.CommandLine;
using ChildIndex.Cli.Input;
using ChildIndex.Cli.Output;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChildIndex.Cli;

/// <summary>
/// Runs each command's body with what all commands share: the global options, the output, one
/// connection to the server, and the one translation of every failure into a line on stderr
/// and an exit code.
/// </summary>
public sealed class CommandHost(GlobalOptions globals, TextWriter output, TextWriter error, bool interactive, Func<Uri, GrpcChannel>? channelFactory)
{
    public void SetAction(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, body, cancellationToken));

    private async Task<int> RunAsync(ParseResult parsed, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        Uri server;
        TimeSpan timeout;
        try
        {
            server = GlobalOptions.ResolveServer(parsed.GetValue(globals.Server));
            var seconds = parsed.GetValue(globals.Timeout);
            timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new UsageException("--timeout must be a whole number of seconds above 0");
        }
        catch (UsageException problem)
        {
            return await UsageAsync(problem.Message);
        }

        using var connection = new ServerConnection(server, channelFactory);
        var context = new CommandContext(Terminal.Create(output, interactive), output, error, interactive, parsed.GetValue(globals.Json), timeout, connection);
        try
        {
            return await body(parsed, context, cancellationToken);
        }
        catch (UsageException problem)
        {
            return await UsageAsync(problem.Message);
        }
        catch (InputFileException problem)
        {
            await error.WriteLineAsync($"error: {problem.Message}");
            foreach (var line in problem.Problems)
            {
                await error.WriteLineAsync($"  {line}");
            }

            return ExitCodes.Usage;
        }
        catch (RpcException failure) when (failure.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("error: cancelled");
            return ExitCodes.Failure;
        }
        catch (RpcException failure)
        {
            return await ErrorReport.WriteAsync(error, failure, server, timeout);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("error: cancelled");
            return ExitCodes.Failure;
        }
#pragma warning disable CA1031 // The promise is one line on stderr, never a stack trace, whatever failed.
        catch (Exception unexpected)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"error: {unexpected.Message}");
            return ExitCodes.Failure;
        }
    }

    private async Task<int> UsageAsync(string message)
    {
        await error.WriteLineAsync($"error: {message}");
        await error.WriteLineAsync("run 'childindex --help' for usage");
        return ExitCodes.Usage;
    }
}
