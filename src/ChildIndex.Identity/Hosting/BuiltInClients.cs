using System.Security.Cryptography;
using ChildIndex.Common.Security;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Hosting;

/// <summary>
/// The clients every installation has, kept as code and written at start-up (created, or brought
/// back to this definition): the CLI (device authorization; a public client, it can keep no secret
/// on a person's machine) and the web portal (authorization code with PKCE, and a confidential
/// client: it is a server, a backend-for-frontend, and authenticates with its own secret).
/// </summary>
internal sealed class BuiltInClients(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment) : IHostedService
{
    /// <summary>The development secret's file in DATA_DIR, which the portal reads when it shares
    /// that directory (./run.sh). Never committed (data/ is git-ignored).</summary>
    public const string PortalSecretFile = "portal-client-secret";

    public const string Cli = "childindex-cli";
    public const string Portal = "childindex-portal";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await EnsureAsync(manager, CliDescriptor(), cancellationToken);
        await EnsureAsync(manager, PortalDescriptor(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task EnsureAsync(IOpenIddictApplicationManager manager, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        if (await manager.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is { } existing)
        {
            await manager.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
    }

    private static OpenIddictApplicationDescriptor CliDescriptor() => new()
    {
        ClientId = Cli,
        ClientType = ClientTypes.Public,
        DisplayName = "ChildIndex command line",
        Permissions =
        {
            Permissions.Endpoints.DeviceAuthorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.DeviceCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.Prefixes.Scope + Scopes.OpenId,
            Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            Permissions.Prefixes.Scope + ChildIndexScopes.Directory,
            Permissions.Prefixes.Scope + ChildIndexScopes.IdentityAdmin,
        },
    };

    private OpenIddictApplicationDescriptor PortalDescriptor()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = Portal,
            ClientType = ClientTypes.Confidential,
            ClientSecret = PortalSecret(),
            DisplayName = "ChildIndex web portal",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.OpenId,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess,
                Permissions.Prefixes.Scope + ChildIndexScopes.Directory,
                Permissions.Prefixes.Scope + ChildIndexScopes.IdentityAdmin,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in Settings.PortalRedirectUris(configuration))
        {
            descriptor.RedirectUris.Add(uri);
        }

        return descriptor;
    }

    /// <summary>PORTAL_CLIENT_SECRET; in Development and Testing, when it is not set, a random secret
    /// generated once into DATA_DIR (as the development signing keys are). Elsewhere it is required.</summary>
    private string PortalSecret()
    {
        if (configuration["PORTAL_CLIENT_SECRET"] is { Length: > 0 } configured)
        {
            return configured;
        }

        if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            throw new InvalidOperationException("PORTAL_CLIENT_SECRET is required outside Development: the web portal's client secret");
        }

        var file = Path.Combine(IdentityStoreExtensions.DataDirectory(configuration), PortalSecretFile);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}
