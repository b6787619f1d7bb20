using System.CommandLine;
using ChildIndex.Cli.Input;
using ChildIndex.Cli.Output;
using ChildIndex.Cli.Sessions;
using Google.Protobuf;
using Grpc.Core;

namespace ChildIndex.Cli;

/// <summary>
/// Runs each command's body with what all commands share: the global options, the output, one
/// connection to the command's server carrying the caller's token, and the one translation of
/// every failure into a line on stderr and an exit code.
/// </summary>
public sealed class CommandHost(GlobalOptions globals, TextWriter output, TextWriter error, bool interactive, CliEnvironment environment)
{
    /// <summary>The options every command accepts, for a command whose behaviour depends on whether
    /// one was given (`audit verify --server`).</summary>
    public GlobalOptions Globals => globals;

    public void SetAction(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body, CommandTarget target = CommandTarget.Directory) =>
        SetAction(command, body, _ => target);

    /// <summary>
    /// Makes <paramref name="command"/> send one request and print the answer: as protobuf JSON with
    /// --json, else by <paramref name="print"/>. The request is built first, so that a mistyped
    /// command line is a usage error whether or not anyone is signed in.
    /// </summary>
    public void SetCall<TRequest, TResponse>(
        Command command,
        Func<ParseResult, TRequest> request,
        Func<CommandContext, TRequest, CallOptions, AsyncUnaryCall<TResponse>> send,
        Action<CommandContext, TResponse> print,
        CommandTarget target = CommandTarget.Directory)
        where TResponse : IMessage
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(print);
        SetAction(
            command,
            async (parsed, context, cancellationToken) =>
            {
                var message = request(parsed);
                var response = await send(context, message, await context.CallOptionsAsync(cancellationToken));
                if (context.Json)
                {
                    await ProtoJson.WriteAsync(context.Output, response);
                }
                else
                {
                    print(context, response);
                }

                return ExitCodes.Ok;
            },
            target);
    }

    /// <summary>As above, for a command whose server depends on its command line: `audit verify FILE`
    /// reads a file and needs no server (nor any credentials), `audit verify --server` asks one.</summary>
    public void SetAction(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body, Func<ParseResult, CommandTarget> target)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(target);
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, body, target(parsed), cancellationToken));
    }

    private async Task<int> RunAsync(
        ParseResult parsed, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body, CommandTarget target, CancellationToken cancellationToken)
    {
        Uri server;
        Uri identity;
        TimeSpan timeout;
        try
        {
            server = target == CommandTarget.IdentityAdmin
                ? GlobalOptions.ResolveUrl("--identity-admin", parsed.GetValue(globals.IdentityAdmin), GlobalOptions.IdentityAdminVariable, GlobalOptions.DefaultIdentityAdmin, environment.Variable)
                : GlobalOptions.ResolveUrl("--server", parsed.GetValue(globals.Server), GlobalOptions.ServerVariable, GlobalOptions.DefaultServer, environment.Variable);
            identity = GlobalOptions.ResolveUrl("--identity", parsed.GetValue(globals.Identity), GlobalOptions.IdentityVariable, GlobalOptions.DefaultIdentity, environment.Variable);
            var seconds = parsed.GetValue(globals.Timeout);
            timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new UsageException("--timeout must be a whole number of seconds above 0");
        }
        catch (UsageException problem)
        {
            return await UsageAsync(problem.Message);
        }

        var credentials = CredentialStore.FromEnvironment(environment.Variable);
        var tokens = new AccessTokens(identity, timeout, credentials, environment);
        using var connection = target switch
        {
            CommandTarget.Directory => new ServerConnection(server, environment.ChannelFactory, tokens.ForDirectoryAsync),
            CommandTarget.IdentityAdmin => new ServerConnection(server, environment.ChannelFactory, tokens.ForIdentityAdminAsync),
            _ => null,
        };
        var context = new CommandContext(connection)
        {
            Console = Terminal.Create(output, interactive),
            Output = output,
            Error = error,
            Interactive = interactive,
            Json = parsed.GetValue(globals.Json),
            Timeout = timeout,
            Identity = identity,
            Credentials = credentials,
            IdentityHandler = environment.IdentityHandler,
        };
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
        catch (NotAuthenticatedException problem)
        {
            await error.WriteLineAsync($"error: {problem.Message}");
            return ExitCodes.NotAuthenticated;
        }
        catch (PermissionDeniedException problem)
        {
            await error.WriteLineAsync($"error: {problem.Message} (PermissionDenied)");
            return ExitCodes.PermissionDenied;
        }
        catch (IdentityServerException problem)
        {
            await error.WriteLineAsync($"error: {problem.Message}");
            return problem.ExitCode;
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
