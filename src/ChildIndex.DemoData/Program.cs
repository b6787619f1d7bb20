using ChildIndex.Core.Registration;
using ChildIndex.DemoData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The directory's settings, read as the directory reads them: ASPNETCORE_ENVIRONMENT, and
// CHILDINDEX_* for the database (DB_PROVIDER, DB_CONNECTION, DATA_DIR) and the audit trail.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
});
builder.Configuration.AddEnvironmentVariables("CHILDINDEX_");

if (!builder.Environment.IsDevelopment())
{
    await Console.Error.WriteLineAsync("demo data refused: demo data is loaded only when ASPNETCORE_ENVIRONMENT is Development");
    return 1;
}

// Development only (above), where the directory too generates a missing signing key.
builder.Services.AddDirectoryWrites(_ => true);

string seeded;
using (var host = builder.Build())
{
    await using var scope = host.Services.CreateAsyncScope();
    seeded = await DemoSeeder.SeedAsync(scope.ServiceProvider, CancellationToken.None);
}

// Last, once the host (and with it the console logger's queue) is gone: ./run.sh shows this line.
Console.WriteLine(seeded);
return 0;
