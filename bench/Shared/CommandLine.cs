using System.Globalization;

namespace ChildIndex.Bench.Options;

/// <summary>
/// `command --name value --flag` arguments: enough for two tools driven by a script, without the
/// ceremony of a parser library. Unknown options are refused, so a typo in bench/run.sh fails
/// loudly instead of silently running with a default.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandLine(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                Command = Command is null ? arg : throw new ArgumentException($"unexpected argument '{arg}'");
                continue;
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            _options[arg[2..]] = hasValue ? args[++i] : null;
        }
    }

    public string? Command { get; }

    public string? Text(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value ?? throw new ArgumentException($"--{name} needs a value") : null;
    }

    public string RequiredText(string name) => Text(name) ?? throw new ArgumentException($"--{name} is required");

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public int Count(string name, int fallback) => Text(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Number(string name, double fallback) => Text(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Call once every option has been read: refuses the ones nobody asked for.</summary>
    public void RefuseUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
