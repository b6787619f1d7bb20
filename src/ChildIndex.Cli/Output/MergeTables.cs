using ChildIndex.Contracts.V1;
using Spectre.Console;
using static ChildIndex.Cli.Output.TableParts;

namespace ChildIndex.Cli.Output;

/// <summary>Merges and the index team's decisions about pairs of records.</summary>
public static class MergeTables
{
    public static void WriteOutcome(IAnsiConsole console, MergeOutcome outcome, bool undone)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(outcome);
        console.WriteLine(undone
            ? $"Merge {outcome.MergeId} undone: {outcome.DuplicateId} and {outcome.SurvivorId} are two records again."
            : $"Merged {outcome.DuplicateId} into {outcome.SurvivorId} (merge {outcome.MergeId}): {outcome.DuplicateId} now answers with {outcome.SurvivorId}.");
    }

    public static void WriteHistory(IAnsiConsole console, IReadOnlyCollection<MergeDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count == 0)
        {
            console.WriteLine("No merge decisions name this child.");
            return;
        }

        var table = new Table().AddColumns("When", "Decision", "Records", "By", "Reason");
        foreach (var decision in decisions)
        {
            var (what, records) = decision.Kind switch
            {
                MergeDecision.Types.Kind.Merge => ("merged", $"{decision.OtherId} into {decision.ChildId}"),
                MergeDecision.Types.Kind.Unmerge => ("unmerged", $"{decision.OtherId} from {decision.ChildId}"),
                _ => ("not the same child", $"{decision.ChildId} and {decision.OtherId}"),
            };
            table.AddRow(Cells([Labels.Time(decision.DecidedAt), what, records, decision.DecidedBy, decision.Reason]));
        }

        console.Write(table);
    }
}
