using ChildIndex.Portal.Hosting;
using ChildIndex.Portal.Services;
using ChildIndex.ServiceDefaults;

// Settings files and wwwroot sit beside the binary, wherever the portal is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults("childindex-portal");
builder.AddPortalEndpoint();
builder.AddPortalSignIn();
builder.AddDirectoryClients();
builder.AddPortalPages();

var app = builder.Build();

app.MapPortal();
app.Run();
