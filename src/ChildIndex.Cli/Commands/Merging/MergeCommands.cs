using System.CommandLine;
using ChildIndex.Cli.Commands.Shielding;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Merging;

/// <summary>`childindex merge`, `unmerge`, `not-same-child` and `merge-history`: the index team
/// repairs duplicate records, undoes a wrong merge, and keeps two children apart.</summary>
public static class MergeCommands
{
    public static IEnumerable<Command> Create(CommandHost host) => [Merge(host), Unmerge(host), NotSameChild(host), History(host)];

    private static Command Merge(CommandHost host)
    {
        var survivor = new Argument<string>("SURVIVOR") { Description = "The record that remains, XXXX-XXXX-C" };
        var duplicate = new Argument<string>("DUPLICATE") { Description = "The record merged into it; its id goes on working and points to the survivor" };
        var reason = Reason("Why the two records are one child, up to 200 characters on one line");
        var command = new Command("merge", "Merge two records of one child (index team): the survivor keeps everything of both") { survivor, duplicate, reason };
        ManagementCall.Set(
            host,
            command,
            parsed => new MergeChildrenRequest
            {
                SurvivorId = parsed.GetValue(survivor)!.Trim(), DuplicateId = parsed.GetValue(duplicate)!.Trim(), Reason = parsed.GetValue(reason)!.Trim(),
            },
            (client, request, options) => client.MergeChildrenAsync(request, options),
            (context, outcome) => MergeTables.WriteOutcome(context.Console, outcome, undone: false));
        return command;
    }

    private static Command Unmerge(CommandHost host)
    {
        var target = new Argument<string>("MERGE") { Description = "The merged record's id (XXXX-XXXX-C), or the merge id that `merge` printed" };
        var reason = Reason("Why the merge was wrong, up to 200 characters on one line");
        var command = new Command("unmerge", "Undo a merge (index team): both records as they were, with what was added since where it belongs") { target, reason };
        ManagementCall.Set(
            host,
            command,
            parsed =>
            {
                var value = parsed.GetValue(target)!.Trim();
                var request = new UnmergeChildrenRequest { Reason = parsed.GetValue(reason)!.Trim() };
                if (Guid.TryParse(value, out _))
                {
                    request.MergeId = value;
                }
                else
                {
                    request.DuplicateId = value;
                }

                return request;
            },
            (client, request, options) => client.UnmergeChildrenAsync(request, options),
            (context, outcome) => MergeTables.WriteOutcome(context.Console, outcome, undone: true));
        return command;
    }

    private static Command NotSameChild(CommandHost host)
    {
        var first = new Argument<string>("A") { Description = "One record, XXXX-XXXX-C" };
        var second = new Argument<string>("B") { Description = "The other record" };
        var reason = Reason("Why they are two children, up to 200 characters on one line");
        var command = new Command("not-same-child", "Record that two records are two children (index team): never offered as duplicates, never merged") { first, second, reason };
        ManagementCall.Set(
            host,
            command,
            parsed => new MarkNotSameChildRequest { ChildA = parsed.GetValue(first)!.Trim(), ChildB = parsed.GetValue(second)!.Trim(), Reason = parsed.GetValue(reason)!.Trim() },
            (client, request, options) => client.MarkNotSameChildAsync(request, options),
            (context, decision) => MergeTables.WriteHistory(context.Console, [decision]));
        return command;
    }

    private static Command History(CommandHost host)
    {
        var childId = ShieldCommands.ChildIdArgument();
        var command = new Command("merge-history", "Every merge, unmerge and not-the-same-child decision naming a child, newest first (index team)") { childId };
        ManagementCall.Set(
            host,
            command,
            parsed => new ListMergeHistoryRequest { ChildId = parsed.GetValue(childId)!.Trim() },
            (client, request, options) => client.ListMergeHistoryAsync(request, options),
            (context, history) => MergeTables.WriteHistory(context.Console, history.Decisions));
        return command;
    }

    private static Option<string> Reason(string description) =>
        new("--reason") { Description = description, HelpName = "TEXT", Required = true };
}
