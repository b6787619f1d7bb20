using System.CommandLine;
using System.Globalization;
using ChildIndex.Cli.Commands.Shielding;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Duplicates;

/// <summary>`childindex duplicates list|close`: the index team's possible duplicates raised at registration.</summary>
public static class DuplicatesCommand
{
    private static readonly Dictionary<string, DuplicateResolution> Resolutions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["not-a-duplicate"] = DuplicateResolution.NotADuplicate,
        ["merged"] = DuplicateResolution.Merged,
        ["other"] = DuplicateResolution.Other,
    };

    public static Command Create(CommandHost host)
    {
        var command = new Command("duplicates", "Possible duplicates raised at registration (index team): list the open ones, close each with a resolution");
        command.Subcommands.Add(List(host));
        command.Subcommands.Add(Close(host));
        return command;
    }

    private static Command List(CommandHost host)
    {
        var pageSize = new Option<int>("--page-size") { Description = "At most this many tasks (1 to 200; default 50)", HelpName = "N" };
        var pageToken = new Option<string>("--page-token") { Description = "The next page, as the previous page's last line gives it", HelpName = "TOKEN" };
        var command = new Command("list", "List open possible-duplicate tasks, newest first: both children's ids, the score and band, when raised") { pageSize, pageToken };
        ManagementCall.Set(
            host,
            command,
            parsed => new ListPossibleDuplicatesRequest { PageSize = parsed.GetValue(pageSize), PageToken = parsed.GetValue(pageToken)?.Trim() ?? string.Empty },
            (client, request, options) => client.ListPossibleDuplicatesAsync(request, options),
            (context, response) => DuplicateTables.WriteTasks(context.Console, response));
        return command;
    }

    private static Command Close(CommandHost host)
    {
        var taskId = new Argument<string>("TASK") { Description = "The task's number, as `duplicates list` shows it" };
        var resolution = new Option<string>("--resolution")
        {
            Description = "not-a-duplicate, merged, or other",
            HelpName = "RESOLUTION",
            Required = true,
        };
        var reason = new Option<string>("--reason") { Description = "Why, up to 200 characters on one line", HelpName = "TEXT", Required = true };
        var command = new Command("close", "Close a possible-duplicate task with its resolution and a reason") { taskId, resolution, reason };
        ManagementCall.Set(
            host,
            command,
            parsed => new CloseDuplicateTaskRequest
            {
                TaskId = long.TryParse(parsed.GetValue(taskId)!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                    ? id
                    : throw new UsageException($"TASK '{parsed.GetValue(taskId)}' is not a task number"),
                Resolution = Resolutions.TryGetValue(parsed.GetValue(resolution)!.Trim(), out var chosen)
                    ? chosen
                    : throw new UsageException($"--resolution '{parsed.GetValue(resolution)}' is not one of {string.Join(", ", Resolutions.Keys)}"),
                Reason = parsed.GetValue(reason)!.Trim(),
            },
            (client, request, options) => client.CloseDuplicateTaskAsync(request, options),
            (context, task) => DuplicateTables.WriteClosed(context.Console, task));
        return command;
    }
}
