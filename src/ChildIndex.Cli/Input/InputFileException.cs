namespace ChildIndex.Cli.Input;

/// <summary>
/// A registration file that cannot be read as requests. Raised before anything is sent, so a
/// half-understood file never registers half its children (exit code 2).
/// </summary>
public sealed class InputFileException : Exception
{
    public InputFileException()
    {
    }

    public InputFileException(string message)
        : base(message)
    {
    }

    public InputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InputFileException(string message, IReadOnlyList<string> problems)
        : base(message) => Problems = problems;

    /// <summary>One line per problem, each naming its row or item: "row 4: ...".</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}
