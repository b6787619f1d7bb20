using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildIndex.IntegrationTests.Infrastructure;

/// <summary>One line the server logged, as its providers would receive it (after the host's filters).</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>A logger provider that keeps what the server logs, for tests about what an operator reads.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>A directory server whose log lines the test can read.</summary>
public abstract class LoggedDirectoryServer(TestDatabase database) : DirectoryServer(database)
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

public sealed class SqliteLoggedDirectoryServer() : LoggedDirectoryServer(TestDatabase.Sqlite);

public sealed class PostgresLoggedDirectoryServer() : LoggedDirectoryServer(TestDatabase.PostgreSql);
