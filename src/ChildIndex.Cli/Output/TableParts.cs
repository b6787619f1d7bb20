using Spectre.Console;
using Spectre.Console.Rendering;

namespace ChildIndex.Cli.Output;

/// <summary>The pieces every table of the CLI is built from.</summary>
internal static class TableParts
{
    /// <summary>Bold labels beside their values.</summary>
    public static Grid Pairs(params (string Label, string Value)[] pairs)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadRight(4)).AddColumn();
        foreach (var (label, value) in pairs)
        {
            grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value));
        }

        return grid;
    }

    // Text, not Markup: names and contact details are data, and a "[" in one must not be read as style.
    public static IRenderable[] Cells(IEnumerable<string> values) => [.. values.Select(value => new Text(value))];
}
