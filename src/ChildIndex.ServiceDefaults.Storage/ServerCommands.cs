using ChildIndex.Common.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChildIndex.ServiceDefaults;

/// <summary>
/// The commands every ChildIndex server with a database has: `migrate` applies its store's schema,
/// `seed-demo` loads demo data (Development only; the identity server's, the directory's being
/// ChildIndex.DemoData), and `serve` (the default) runs it. Schema changes happen
/// only through `migrate`: a server refuses to start on a database that is not up to date.
/// </summary>
public static class ServerCommands
{
    private static readonly Action<ILogger, string, Exception?> PoolTooLarge =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(1001, nameof(PoolTooLarge)), "PostgreSQL: {Problem}");

    /// <param name="seedDemo">Loads the demo data and says what it did; null for no `seed-demo`.</param>
    /// <param name="startupNotice">Printed once the server listens, before its addresses.</param>
    /// <param name="otherCommands">Commands of this server alone, given the services and the arguments.</param>
    /// <param name="afterMigrate">Data steps `migrate` runs once the schema is current (each safe to
    /// repeat), for data that SQL cannot derive; says what it did.</param>
    public static async Task<int> RunCommandAsync<TContext>(
        this WebApplication app,
        string[] args,
        Func<IServiceProvider, CancellationToken, Task<string>>? seedDemo,
        string startupNotice,
        IReadOnlyDictionary<string, Func<IServiceProvider, string[], Task<int>>>? otherCommands = null,
        Func<IServiceProvider, CancellationToken, Task<string>>? afterMigrate = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "serve";
        if (otherCommands is not null && otherCommands.TryGetValue(command, out var other))
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await other(scope.ServiceProvider, args);
        }

        switch (command)
        {
            case "migrate":
                return await MigrateAsync<TContext>(app, afterMigrate);
            case "seed-demo" when seedDemo is not null:
                return await SeedDemoAsync(app, seedDemo);
            case "serve":
                return await ServeAsync<TContext>(app, startupNotice);
            default:
                var commands = seedDemo is null ? "migrate, serve" : "migrate, seed-demo, serve";
                var others = otherCommands is null ? string.Empty : string.Concat(otherCommands.Keys.Select(k => $", {k}"));
                await Console.Error.WriteLineAsync($"unknown command '{command}': use {commands}{others}");
                return 2;
        }
    }

    private static async Task<int> MigrateAsync<TContext>(WebApplication app, Func<IServiceProvider, CancellationToken, Task<string>>? afterMigrate)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var applied = await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<TContext>());
        Console.WriteLine(applied.Count == 0
            ? $"{settings.Provider} database is up to date"
            : $"applied {applied.Count} migration(s) to the {settings.Provider} database: {string.Join(", ", applied)}");
        if (afterMigrate is not null)
        {
            Console.WriteLine(await afterMigrate(scope.ServiceProvider, CancellationToken.None));
        }

        return 0;
    }

    private static async Task<int> SeedDemoAsync(WebApplication app, Func<IServiceProvider, CancellationToken, Task<string>> seedDemo)
    {
        if (!app.Environment.IsDevelopment())
        {
            await Console.Error.WriteLineAsync("seed-demo refused: demo data is loaded only when ASPNETCORE_ENVIRONMENT is Development");
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        Console.WriteLine(await seedDemo(scope.ServiceProvider, CancellationToken.None));
        return 0;
    }

    /// <summary>False, having said so on stderr, when migrations are pending: a command that needs
    /// the current schema must not run against an older one.</summary>
    public static async Task<bool> SchemaIsCurrentAsync(DbContext db, string application)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
        {
            await Console.Error.WriteLineAsync($"the database schema is not up to date ({pending.Count} migration(s) pending): run `{application} migrate` first");
            return false;
        }

        return true;
    }

    private static async Task<int> ServeAsync<TContext>(WebApplication app, string startupNotice)
        where TContext : DbContext
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            if (!await SchemaIsCurrentAsync(db, app.Environment.ApplicationName))
            {
                return 1;
            }

            if (db.Database.IsNpgsql() && await PostgreSqlPoolCheck.CheckAsync(db, CancellationToken.None) is { } problem)
            {
                PoolTooLarge(app.Logger, problem, null);
            }
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Console.WriteLine(startupNotice);
            foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                Console.WriteLine($"serving on {address}");
            }
        });
        await app.RunAsync();
        return 0;
    }
}
