using ChildIndex.ServiceDefaults;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChildIndex.Api.Hosting;

public static class DirectoryEndpoints
{
    public const int DefaultPort = 5080;

    /// <summary>One port (PORT): plain-text HTTP/2 (h2c, which needs HTTP/2 only: with HTTP/1.1
    /// also allowed, non-.NET clients fail), or HTTPS when TLS_CERT is set.</summary>
    public static WebApplicationBuilder AddDirectoryEndpoints(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel =>
            ServerEndpoints.Listen(kestrel, configuration, configuration.GetValue("PORT", DefaultPort), HttpProtocols.Http2));
        return builder;
    }
}
