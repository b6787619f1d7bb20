using System.Net;
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
            RefuseLoopbackIssuerOnANetwork(configuration);
            ServerEndpoints.Listen(kestrel, configuration, WebPort(configuration), HttpProtocols.Http1);
            ServerEndpoints.Listen(kestrel, configuration, AdminPort(configuration), HttpProtocols.Http2);
        });
        return builder;
    }

    /// <summary>
    /// Tokens name their issuer, and every client and the directory check it against the address
    /// they reach this server by. Without ISSUER the issuer is http(s)://127.0.0.1:port/, right
    /// only for a server on loopback: bound to a network address, its tokens would be refused by
    /// every client elsewhere (or, worse, clients would be configured to trust 127.0.0.1). So the
    /// server refuses to start instead of issuing them. Checked when the server starts listening,
    /// so that the other commands (migrate, bootstrap-admin) run without it.
    /// </summary>
    public static void RefuseLoopbackIssuerOnANetwork(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["BIND_ADDRESS"] is not { Length: > 0 } bind || !IPAddress.TryParse(bind, out var address) || IPAddress.IsLoopback(address))
        {
            return;
        }

        var issuer = configuration["ISSUER"];
        if (string.IsNullOrWhiteSpace(issuer))
        {
            throw new InvalidOperationException(
                $"refusing to start: bound to {address}, but ISSUER is not set, so tokens would name 127.0.0.1 as their issuer: set ISSUER to the HTTPS address clients use to reach this server");
        }

        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
            || uri.IsLoopback
            || (IPAddress.TryParse(uri.Host, out var host) && (IPAddress.IsLoopback(host) || host.Equals(IPAddress.Any) || host.Equals(IPAddress.IPv6Any))))
        {
            throw new InvalidOperationException(
                $"refusing to start: bound to {address}, but ISSUER ({issuer}) is not an address clients elsewhere can reach: set ISSUER to the HTTPS address clients use to reach this server");
        }
    }

    public static int WebPort(IConfiguration configuration) => configuration.GetValue("IDENTITY_PORT", DefaultPort);

    public static int AdminPort(IConfiguration configuration) => configuration.GetValue("IDENTITY_ADMIN_PORT", DefaultAdminPort);
}
