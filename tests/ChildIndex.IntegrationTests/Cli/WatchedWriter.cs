using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>
/// Standard output that a test can read while the command is still running (the login command
/// prints its code, then waits for the test to approve it). Writes and reads take turns.
/// </summary>
public sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public WatchedWriter()
        : base(CultureInfo.InvariantCulture) => NewLine = "\n";

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
        {
            _text.Append(buffer, index, count);
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }

    /// <summary>The first match of <paramref name="pattern"/> once it has been written; fails if
    /// <paramref name="command"/> ends first or nothing matches within <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, Task command, TimeSpan timeout)
    {
        var giveUp = DateTime.UtcNow + timeout;
        while (true)
        {
            if (pattern.Match(ToString()) is { Success: true } match)
            {
                return match;
            }

            if (command.IsCompleted || DateTime.UtcNow > giveUp)
            {
                throw new InvalidOperationException($"the command did not print /{pattern}/; it printed: {this}");
            }

            await Task.Delay(50);
        }
    }
}
