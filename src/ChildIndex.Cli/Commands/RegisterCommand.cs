using System.CommandLine;
using ChildIndex.Cli.Input;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace ChildIndex.Cli.Commands;

/// <summary>`childindex register FILE`: every row of a .csv or .json file over the bulk stream.</summary>
public static class RegisterCommand
{
    public static Command Create(CommandHost host)
    {
        var file = new Argument<string>("FILE") { Description = "A .csv file (one child a row, named columns) or a .json array of RegisterChildRequest" };
        var command = new Command("register", "Register every child in a file; rows already registered are matched, never duplicated")
        {
            file,
        };
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var path = parsed.GetValue(file) ?? string.Empty;
            // The whole file is read and checked before the first request goes out.
            var items = RegistrationFile.Read(path);
            var bulk = new BulkRegistration(context.Connection, items, context.Timeout);
            IReadOnlyList<RegisterChildrenResult> results;
            try
            {
                results = context.Interactive && items.Count > 0
                    ? await SendWithProgressAsync(context.Console, bulk, items.Count, cancellationToken)
                    : await bulk.SendAsync(() => { }, cancellationToken);
            }
            catch (RpcException failure) when (!cancellationToken.IsCancellationRequested)
            {
                var code = await ErrorReport.WriteAsync(context.Error, failure, context.Connection.Address, context.Timeout);
                if (bulk.Received > 0)
                {
                    // Every request_id is the same on a re-run, so nothing already stored is stored twice.
                    await context.Error.WriteLineAsync(
                        $"  {bulk.Received} of {items.Count} rows were answered before the stream ended: run the same file again to send the rest");
                }

                return code;
            }

            var report = new RegistrationReport(path, items, results);
            if (context.Json)
            {
                await context.Output.WriteLineAsync(report.ToJson());
            }
            else
            {
                report.Write(context.Console);
            }

            return report.Refused > 0 ? ExitCodes.PartiallyRefused : ExitCodes.Ok;
        });
        return command;
    }

    private static Task<IReadOnlyList<RegisterChildrenResult>> SendWithProgressAsync(
        IAnsiConsole console, BulkRegistration bulk, int count, CancellationToken cancellationToken) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"registering {count} children", maxValue: count);
                return await bulk.SendAsync(() => task.Increment(1), cancellationToken);
            });
}
