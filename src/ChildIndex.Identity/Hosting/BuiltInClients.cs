using ChildIndex.Common.Security;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Hosting;

/// <summary>
/// The clients every installation has, kept as code and written at start-up (created, or brought
/// back to this definition): the CLI (device authorization) and the future web portal
/// (authorization code with PKCE). Both are public clients: they hold no secret.
/// </summary>
internal sealed class BuiltInClients(IServiceProvider services, IConfiguration configuration) : IHostedService
{
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
            ClientType = ClientTypes.Public,
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
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in Settings.PortalRedirectUris(configuration))
        {
            descriptor.RedirectUris.Add(uri);
        }

        return descriptor;
    }
}
