using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace ChildIndex.ServiceDefaults;

/// <summary>
/// How every ChildIndex server listens. 127.0.0.1 by default; another address (BIND_ADDRESS) only
/// with TLS, since tokens and children's details must not cross a network in clear text. With
/// TLS_CERT (a PFX with TLS_CERT_PASSWORD, or a PEM with TLS_KEY) a port serves HTTPS with HTTP/1.1
/// and HTTP/2; without it, the plain-text protocol the port needs.
/// </summary>
public static class ServerEndpoints
{
    public static void Listen(KestrelServerOptions kestrel, IConfiguration configuration, int port, HttpProtocols plainText)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(configuration);
        var certificatePath = configuration["TLS_CERT"];
        var address = IPAddress.Loopback;
        if (configuration["BIND_ADDRESS"] is { Length: > 0 } bind)
        {
            address = IPAddress.Parse(bind);
            if (!IPAddress.IsLoopback(address) && string.IsNullOrWhiteSpace(certificatePath))
            {
                throw new InvalidOperationException($"refusing to listen on {address} without TLS: set TLS_CERT, or leave BIND_ADDRESS unset for 127.0.0.1");
            }
        }

        kestrel.Listen(address, port, listen =>
        {
            if (string.IsNullOrWhiteSpace(certificatePath))
            {
                listen.Protocols = plainText;
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(LoadCertificate(certificatePath, configuration));
            }
        });
    }

    /// <summary>Whether the server runs without TLS on loopback only (development).</summary>
    public static bool IsPlainTextLoopback(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.IsNullOrWhiteSpace(configuration["TLS_CERT"]);
    }

    private static X509Certificate2 LoadCertificate(string path, IConfiguration configuration) =>
        configuration["TLS_KEY"] is { Length: > 0 } keyPath
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(path, configuration["TLS_CERT_PASSWORD"]);
}
