using System.Globalization;
using ChildIndex.Contracts.V1;
using Spectre.Console;
using static ChildIndex.Cli.Output.TableParts;

namespace ChildIndex.Cli.Output;

/// <summary>Possible-duplicate tasks as the index team reads them: ids and numbers, never a name
/// (`show` opens either record).</summary>
public static class DuplicateTables
{
    public static void WriteTasks(IAnsiConsole console, ListPossibleDuplicatesResponse response)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Tasks.Count == 0)
        {
            console.WriteLine("no open possible-duplicate tasks");
            return;
        }

        var table = new Table().AddColumns("Task", "New child", "Existing child", "Score", "Band", "Raised", "By");
        foreach (var task in response.Tasks)
        {
            table.AddRow(Cells(
            [
                task.TaskId.ToString(CultureInfo.InvariantCulture),
                task.NewChildId,
                task.ExistingChildId,
                task.Score.ToString("0.0000", CultureInfo.InvariantCulture),
                Band(task.MatchBand),
                Labels.Time(task.RaisedAt),
                task.RaisedByOrganisation,
            ]));
        }

        console.Write(table);
        console.WriteLine(response.NextPageToken.Length > 0
            ? $"{response.Tasks.Count} open task(s) shown; more with --page-token {response.NextPageToken}"
            : $"{response.Tasks.Count} open task(s)");
    }

    public static void WriteClosed(IAnsiConsole console, PossibleDuplicateTask task)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(task);
        console.WriteLine($"closed task {task.TaskId} ({task.NewChildId} and {task.ExistingChildId}): {Resolution(task.Resolution)}");
    }

    private static string Band(MatchBand band) => band switch
    {
        MatchBand.Strong => "strong",
        MatchBand.Possible => "possible",
        _ => string.Empty,
    };

    private static string Resolution(DuplicateResolution resolution) => resolution switch
    {
        DuplicateResolution.NotADuplicate => "not a duplicate",
        DuplicateResolution.Merged => "merged",
        DuplicateResolution.Other => "other",
        _ => "unknown",
    };
}
