using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication;

namespace ChildIndex.Portal.Services;

/// <summary>
/// The directory's generated clients, every call carrying the signed-in person's own access
/// token, so that the directory's permissions and audit apply to them exactly as to the CLI.
/// </summary>
public sealed class DirectoryApi(GrpcChannel channel, IHttpContextAccessor accessor)
{
    public ChildDirectory.ChildDirectoryClient Children { get; } = new(channel);

    public Registration.RegistrationClient Registration { get; } = new(channel);

    public IndexManagement.IndexManagementClient Index { get; } = new(channel);

    public AuditTrail.AuditTrailClient Audit { get; } = new(channel);

    public Task<CallOptions> CallAsync() => PersonalCall.OptionsAsync(accessor);
}

/// <summary>
/// The identity server's IdentityAdmin client, with the signed-in identity administrator's own
/// token: the identity server checks their role and scope and records them as the actor.
/// </summary>
public sealed class IdentityAdminApi(IdentityAdminChannel channel, IHttpContextAccessor accessor)
{
    public IdentityAdmin.IdentityAdminClient Admin { get; } = new(channel.Channel);

    public Task<CallOptions> CallAsync() => PersonalCall.OptionsAsync(accessor);
}

/// <summary>The IdentityAdmin API's channel, a type of its own beside the directory's.</summary>
public sealed record IdentityAdminChannel(GrpcChannel Channel);

public static class PersonalCall
{
    /// <summary>Call options with the bearer token; the token was refreshed, if it needed to be,
    /// when the session cookie was validated at the start of this request.</summary>
    public static async Task<CallOptions> OptionsAsync(IHttpContextAccessor accessor)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("no request");
        var token = await context.GetTokenAsync(PortalSignIn.CookieScheme, "access_token")
            ?? throw new InvalidOperationException("signed in without an access token");
        return new CallOptions(
            headers: [new Metadata.Entry("authorization", $"Bearer {token}")],
            deadline: DateTime.UtcNow.AddSeconds(20),
            cancellationToken: context.RequestAborted);
    }
}

public static class DirectoryClientsExtensions
{
    public static WebApplicationBuilder AddDirectoryClients(this WebApplicationBuilder builder)
    {
        var address = PortalSettings.DirectoryAddress(builder.Configuration);
        var adminAddress = PortalSettings.IdentityAdminAddress(builder.Configuration);
        // One channel (one HTTP/2 connection pool) per server; tokens go per call.
        builder.Services.AddSingleton(_ => GrpcChannel.ForAddress(address));
        builder.Services.AddSingleton(_ => new IdentityAdminChannel(GrpcChannel.ForAddress(adminAddress)));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<DirectoryApi>();
        builder.Services.AddScoped<IdentityAdminApi>();
        builder.Services.AddSingleton<ChildHandles>();
        return builder;
    }
}
