using ChildIndex.Common.Storage;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace ChildIndex.Identity.Hosting;

/// <summary>
/// Signing and encryption keys, token lifetimes and issuer, read from configuration when the server
/// starts. Keys come from SIGNING_CERT / ENCRYPTION_CERT (PFX files, with _PASSWORD); in Development
/// and Testing, when those are not set, they are generated once into DATA_DIR and kept there (never
/// committed). Anywhere else the server refuses to start without them.
/// </summary>
internal sealed class ServerKeysAndLifetimes(IConfiguration configuration, IHostEnvironment environment) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        options.SigningCredentials.Add(new SigningCredentials(
            new X509SecurityKey(Certificate("SIGNING_CERT", "identity-signing.pfx", X509KeyUsageFlags.DigitalSignature)),
            SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            new X509SecurityKey(Certificate("ENCRYPTION_CERT", "identity-encryption.pfx", X509KeyUsageFlags.KeyEncipherment)),
            SecurityAlgorithms.RsaOAEP,
            SecurityAlgorithms.Aes256CbcHmacSha512));
        options.AccessTokenLifetime = Settings.AccessTokenLifetime(configuration);
        options.RefreshTokenLifetime = Settings.RefreshTokenLifetime(configuration);
        // Fixed rather than taken from each request: tokens issued on the web port must also be
        // this server's own on the admin port. Production sets ISSUER to its public HTTPS address.
        options.Issuer = configuration["ISSUER"] is { Length: > 0 } issuer
            ? new Uri(issuer)
            : new Uri(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{(string.IsNullOrWhiteSpace(configuration["TLS_CERT"]) ? "http" : "https")}://127.0.0.1:{IdentityEndpoints.WebPort(configuration)}/"));
    }

    private X509Certificate2 Certificate(string setting, string developmentFile, X509KeyUsageFlags usage)
    {
        if (configuration[setting] is { Length: > 0 } path)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, configuration[$"{setting}_PASSWORD"]);
        }

        if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            throw new InvalidOperationException($"{setting} is required outside Development: the path of a PFX file holding the identity server's key");
        }

        var file = Path.Combine(DatabaseSettings.DataDirectory(configuration), developmentFile);
        if (File.Exists(file))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(file, password: null);
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=ChildIndex development {usage}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(2));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, created.Export(X509ContentType.Pfx));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(file, password: null);
    }
}
