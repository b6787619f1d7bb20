using ChildIndex.Api.DemoData;
using ChildIndex.Core.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Api.Hosting;

/// <summary>
/// The server's commands: `migrate` applies the schema, `seed-demo` loads the demo children
/// (Development only), and `serve` (the default) runs the service. Schema changes happen only
/// through `migrate`: the service refuses to start on a database that is not up to date.
/// </summary>
public static class HostCommands
{
    public static async Task<int> RunCommandAsync(this WebApplication app, string[] args)
    {
        var command = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "serve";
        switch (command)
        {
            case "migrate":
                return await MigrateAsync(app);
            case "seed-demo":
                return await SeedDemoAsync(app);
            case "serve":
                return await ServeAsync(app);
            default:
                await Console.Error.WriteLineAsync($"unknown command '{command}': use migrate, seed-demo or serve");
                return 2;
        }
    }

    private static async Task<int> MigrateAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        Console.WriteLine(applied.Count == 0
            ? $"{settings.Provider} database is up to date"
            : $"applied {applied.Count} migration(s) to the {settings.Provider} database: {string.Join(", ", applied)}");
        return 0;
    }

    private static async Task<int> SeedDemoAsync(WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            await Console.Error.WriteLineAsync("seed-demo refused: demo data is loaded only when ASPNETCORE_ENVIRONMENT is Development");
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var seeded = await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync(CancellationToken.None);
        Console.WriteLine(seeded == 0
            ? "demo data already present"
            : $"seeded {seeded} demo children");
        return 0;
    }

    private static async Task<int> ServeAsync(WebApplication app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChildIndexDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (pending.Count > 0)
            {
                await Console.Error.WriteLineAsync($"the database schema is not up to date ({pending.Count} migration(s) pending): run `ChildIndex.Api migrate` first");
                return 1;
            }
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Console.WriteLine("ChildIndex directory: NO AUTHENTICATION yet, so it listens on the loopback interface only.");
            foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                Console.WriteLine($"serving gRPC on {address}");
            }
        });
        await app.RunAsync();
        return 0;
    }
}
