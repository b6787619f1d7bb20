using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildIndex.IntegrationTests.ReadModel;

/// <summary>Every command a context sends, with its parameters, in order.</summary>
public sealed class CommandLog : DbCommandInterceptor
{
    private readonly List<(string Text, IReadOnlyList<(string Name, object? Value)> Parameters)> _commands = [];

    public IReadOnlyList<(string Text, IReadOnlyList<(string Name, object? Value)> Parameters)> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>The commands that read (SELECT), whatever comments EF put before them.</summary>
    public IReadOnlyList<string> Selects => [.. Commands.Select(c => c.Text).Where(IsSelect)];

    public void Clear()
    {
        lock (_commands)
        {
            _commands.Clear();
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private static bool IsSelect(string text) =>
        string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            .TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    private void Record(DbCommand command)
    {
        var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
        lock (_commands)
        {
            _commands.Add((command.CommandText, parameters));
        }
    }
}
