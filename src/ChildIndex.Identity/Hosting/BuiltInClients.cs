using ChildIndex.Common.Storage;
using System.Security.Cryptography;
using ChildIndex.Common.Security;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Hosting;

/// <summary>
/// The clients every installation has, kept as code and written at start-up (created, or brought
/// back to this definition): the CLI (device authorization; a public client, it can keep no secret
/// on a person's machine), the web portal (authorization code with PKCE, and a confidential
/// client: it is a server, a backend-for-frontend, and authenticates with its own secret), and the
/// directory (client credentials, confidential), which reads the authentication events through
/// the AuthEventFeed and may do nothing else.
/// </summary>
internal sealed class BuiltInClients(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment) : IHostedService
{
    /// <summary>The development secret's file in DATA_DIR, which the portal reads when it shares
    /// that directory (./run.sh). Never committed (data/ is git-ignored).</summary>
    public const string PortalSecretFile = "portal-client-secret";

    /// <summary>The directory's development secret in DATA_DIR, read by the directory when it
    /// shares that directory (./run.sh). Never committed.</summary>
    public const string DirectorySecretFile = "directory-client-secret";

    public const string Cli = "childindex-cli";
    public const string Portal = "childindex-portal";
    public const string Directory = "childindex-directory";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await EnsureAsync(manager, CliDescriptor(), cancellationToken);
        await EnsureAsync(manager, PortalDescriptor(), cancellationToken);
        await EnsureAsync(manager, DirectoryDescriptor(), cancellationToken);
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
            ClientSecret = Secret("PORTAL_CLIENT_SECRET", PortalSecretFile, "the web portal's client secret"),
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

    /// <summary>Client credentials for the auth-events scope and nothing else: no person's
    /// sign-in, no directory scope. The token endpoint gives it no other claim either.</summary>
    private OpenIddictApplicationDescriptor DirectoryDescriptor() => new()
    {
        ClientId = Directory,
        ClientType = ClientTypes.Confidential,
        ClientSecret = Secret("DIRECTORY_CLIENT_SECRET", DirectorySecretFile, "the directory's client secret, for the AuthEventFeed"),
        DisplayName = "ChildIndex directory (authentication events)",
        Permissions =
        {
            Permissions.Endpoints.Token,
            Permissions.GrantTypes.ClientCredentials,
            Permissions.Prefixes.Scope + ChildIndexScopes.AuthEvents,
        },
    };

    /// <summary>The <paramref name="setting"/>; in Development and Testing, when it is not set, a
    /// random secret generated once into DATA_DIR (as the development signing keys are), where the
    /// other server reads it. Elsewhere it is required.</summary>
    private string Secret(string setting, string fileName, string description)
    {
        if (configuration[setting] is { Length: > 0 } configured)
        {
            return configured;
        }

        if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            throw new InvalidOperationException($"{setting} is required outside Development: {description}");
        }

        var file = Path.Combine(DatabaseSettings.DataDirectory(configuration), fileName);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        // Written beside and then renamed into place: the other server may be reading for it now,
        // and must find the whole secret or none.
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var partial = $"{file}.{Environment.ProcessId}.tmp";
        File.WriteAllText(partial, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(partial, file, overwrite: false);
            return secret;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another instance on the same DATA_DIR wrote it first: its secret is the one.
            File.Delete(partial);
            return File.ReadAllText(file).Trim();
        }
    }
}
