using System.CommandLine;
using System.CommandLine.Help;
using ChildIndex.Cli.Commands;
using ChildIndex.Cli.Commands.Admin;
using ChildIndex.Cli.Commands.Audit;
using ChildIndex.Cli.Commands.Merging;
using ChildIndex.Cli.Commands.Retention;
using ChildIndex.Cli.Commands.Duplicates;
using ChildIndex.Cli.Commands.Shielding;

namespace ChildIndex.Cli;

/// <summary>
/// The whole command line, runnable in-process: tests pass their own writers and an environment
/// (variables, channels and an HTTP handler bound to in-process servers), and read the exit code.
/// </summary>
public static class CliApp
{
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Standard output: results (tables, or JSON with --json).</param>
    /// <param name="error">Standard error: one-line errors and usage problems.</param>
    /// <param name="environment">Variables, gRPC channels and the identity server's HTTP handler;
    /// by default the process's own.</param>
    /// <param name="cancellationToken">Stops the command (Ctrl-C is handled as well).</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, CliEnvironment? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        // Progress bars and colour only for a person watching a terminal: a redirected stdout
        // (a file, a pipe, a test's StringWriter) gets plain text.
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var globals = new GlobalOptions();
        var host = new CommandHost(globals, output, error, interactive, environment ?? CliEnvironment.Default);

        var root = new RootCommand(
            "ChildIndex: find a child, see who else is working with them, register children in bulk. " +
            "Sign in first with 'childindex login' (agency systems: set CHILDINDEX_CLIENT_ID and CHILDINDEX_CLIENT_SECRET).");
        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(SearchCommand.Create(host));
        root.Subcommands.Add(ShowCommand.Create(host));
        root.Subcommands.Add(RegisterCommand.Create(host));
        root.Subcommands.Add(LoginCommand.Create(host));
        root.Subcommands.Add(LogoutCommand.Create(host));
        root.Subcommands.Add(AdminCommand.Create(host));
        root.Subcommands.Add(AuditCommand.Create(host));
        root.Subcommands.Add(ShieldCommands.Shield(host));
        root.Subcommands.Add(ShieldCommands.Unshield(host));
        root.Subcommands.Add(BreakGlassCommand.Create(host));
        root.Subcommands.Add(RetentionCommands.Create(host));
        root.Subcommands.Add(RetentionCommands.SubjectAccess(host));
        foreach (var command in MergeCommands.Create(host))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ReviewsCommand.Create(host));
        root.Subcommands.Add(DuplicatesCommand.Create(host));
        root.Subcommands.Add(TotpCommand.Create(host));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            // System.CommandLine would exit 1 here; usage mistakes are 2 like every other usage error.
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message}");
            }

            await error.WriteLineAsync("run 'childindex --help' for usage");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
