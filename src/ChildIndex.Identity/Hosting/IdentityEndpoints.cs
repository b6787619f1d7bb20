using ChildIndex.ServiceDefaults;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChildIndex.Identity.Hosting;

public static class IdentityEndpoints
{
    public const int DefaultPort = 5081;
    public const int DefaultAdminPort = 5082;

    /// <summary>
    /// Two ports: IDENTITY_PORT for browsers and OAuth clients (sign-in pages, OpenID Connect
    /// endpoints: HTTP/1.1 in plain text), and IDENTITY_ADMIN_PORT for the IdentityAdmin gRPC API
    /// (plain-text HTTP/2). Plain-text HTTP/2 cannot share a port with HTTP/1.1.
    /// </summary>
    public static WebApplicationBuilder AddIdentityEndpoints(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ServerEndpoints.Listen(kestrel, configuration, WebPort(configuration), HttpProtocols.Http1);
            ServerEndpoints.Listen(kestrel, configuration, AdminPort(configuration), HttpProtocols.Http2);
        });
        return builder;
    }

    public static int WebPort(IConfiguration configuration) => configuration.GetValue("IDENTITY_PORT", DefaultPort);

    public static int AdminPort(IConfiguration configuration) => configuration.GetValue("IDENTITY_ADMIN_PORT", DefaultAdminPort);
}
