using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChildIndex.Api.Hosting;

public static class LoopbackEndpoints
{
    public const int DefaultPort = 5080;

    /// <summary>
    /// Serves on 127.0.0.1 only: until callers are authenticated, nobody beyond this machine may
    /// reach the directory. Plain-text HTTP/2 (h2c) by default; HTTPS with HTTP/1.1 and HTTP/2 when
    /// TLS_CERT names a certificate (PFX, with TLS_CERT_PASSWORD, or PEM with TLS_KEY).
    /// </summary>
    public static WebApplicationBuilder AddLoopbackEndpoints(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var port = configuration.GetValue("PORT", DefaultPort);
            var certificatePath = configuration["TLS_CERT"];
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                if (string.IsNullOrWhiteSpace(certificatePath))
                {
                    // h2c needs HTTP/2 only: with HTTP/1.1 also allowed, non-.NET clients fail.
                    listen.Protocols = HttpProtocols.Http2;
                }
                else
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(LoadCertificate(certificatePath, configuration));
                }
            });
        });
        return builder;
    }

    private static X509Certificate2 LoadCertificate(string path, ConfigurationManager configuration)
    {
        if (configuration["TLS_KEY"] is { Length: > 0 } keyPath)
        {
            return X509Certificate2.CreateFromPemFile(path, keyPath);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, configuration["TLS_CERT_PASSWORD"]);
    }
}
