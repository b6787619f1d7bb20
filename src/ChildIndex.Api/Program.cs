using ChildIndex.Api.Hosting;
using ChildIndex.ServiceDefaults;

// Settings files sit beside the binary, wherever the service is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults("childindex-directory");
builder.AddLoopbackEndpoints();
builder.AddDirectoryStorage();
builder.AddDirectoryGrpc();

var app = builder.Build();

app.MapDirectoryGrpc();

return await app.RunCommandAsync(args);
