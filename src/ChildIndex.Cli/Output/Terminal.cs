using Spectre.Console;

namespace ChildIndex.Cli.Output;

public static class Terminal
{
    // Wide enough that no table of ours wraps a cell when stdout goes to a file or a pipe,
    // where the 80 columns Spectre assumes would split names and field paths across lines.
    private const int RedirectedWidth = 240;

    /// <summary>A Spectre console writing to <paramref name="writer"/>: styled only for a terminal.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
