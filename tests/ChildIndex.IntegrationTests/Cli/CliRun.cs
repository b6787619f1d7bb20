using System.Globalization;
using ChildIndex.Cli;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>What one run of `childindex` printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs the CLI in-process in <paramref name="environment"/> (by default the process's own).</summary>
    public static async Task<CliRun> RunAsync(CliEnvironment? environment, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using var error = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var exitCode = await CliApp.RunAsync(args, output, error, environment);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>Files for the CLI to read, deleted when the test class is done.</summary>
public sealed class TempFiles : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "childindex-cli-tests", Guid.NewGuid().ToString("N"));

    public string Write(string name, string content)
    {
        System.IO.Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }
}
