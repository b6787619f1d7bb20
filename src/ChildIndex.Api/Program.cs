using ChildIndex.Api.Hosting;
using ChildIndex.Api.Witness;
using ChildIndex.Core.Storage;
using ChildIndex.ServiceDefaults;

// The witness is a server of its own (one binary to deploy), sharing nothing with the directory's.
if (args.FirstOrDefault() == WitnessServer.Command)
{
    return await WitnessServer.RunAsync(args);
}

// Settings files sit beside the binary, wherever the service is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults("childindex-directory");
builder.AddDirectoryEndpoints();
builder.AddDirectoryAuthentication();
builder.AddDirectoryStorage();
builder.AddDirectoryAuditing();
builder.AddDirectoryGrpc();

var app = builder.Build();

app.MapDirectoryGrpc();

// No seed-demo: the demo children are loaded by ChildIndex.DemoData, outside the production host.
return await app.RunCommandAsync<ChildIndexDbContext>(args, seedDemo: null,
    $"ChildIndex directory: every call needs an access token from the identity server at {DirectoryAuthentication.Authority(app.Configuration)}.",
    new Dictionary<string, Func<IServiceProvider, string[], Task<int>>>
    {
        [ReindexSearchKeysCommand.Name] = ReindexSearchKeysCommand.RunAsync,
        [RebuildReadModelCommand.Name] = RebuildReadModelCommand.RunAsync,
        [BackfillAuditNodesCommand.Name] = BackfillAuditNodesCommand.RunAsync,
    },
    RebuildReadModelCommand.WriteMissingAsync);
