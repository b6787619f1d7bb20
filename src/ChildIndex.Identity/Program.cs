using ChildIndex.Identity.DemoData;
using ChildIndex.Identity.Hosting;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.ServiceDefaults;

// Settings files sit beside the binary, wherever the server is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults("childindex-identity");
builder.AddIdentityEndpoints();
builder.AddIdentityStore();
builder.AddOpenIddictServer();
builder.AddSignInPages();
builder.AddIdentityAdminGrpc();

var app = builder.Build();

app.MapIdentityServer();

return await app.RunCommandAsync<IdentityStoreDbContext>(args, DemoIdentities.SeedAsync,
    "ChildIndex identity server: sign-in pages and OpenID Connect over HTTP/1.1, the IdentityAdmin API over gRPC.",
    new Dictionary<string, Func<IServiceProvider, string[], Task<int>>> { [BootstrapAdmin.Command] = BootstrapAdmin.RunAsync });
