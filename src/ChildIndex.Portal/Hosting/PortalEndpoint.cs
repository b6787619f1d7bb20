using ChildIndex.ServiceDefaults;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChildIndex.Portal.Hosting;

public static class PortalEndpoint
{
    /// <summary>One port for browsers: HTTP/1.1 in plain text on loopback, HTTPS (and HSTS) with
    /// TLS_CERT, the same rules as the other servers (ServerEndpoints).</summary>
    public static WebApplicationBuilder AddPortalEndpoint(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel =>
            ServerEndpoints.Listen(kestrel, configuration, PortalSettings.Port(configuration), HttpProtocols.Http1));
        return builder;
    }

    /// <summary>The line the tests and ./run.sh wait for, as the other servers print it.</summary>
    public static void AnnounceAddresses(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            Console.WriteLine($"serving on {address}");
        }
    });
}
