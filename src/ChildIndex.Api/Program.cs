using ChildIndex.Api.Hosting;
using ChildIndex.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("childindex-directory");
builder.AddLoopbackEndpoints();
builder.AddDirectoryStorage();
builder.AddDirectoryGrpc();

var app = builder.Build();

app.MapDirectoryGrpc();

return await app.RunCommandAsync(args);
