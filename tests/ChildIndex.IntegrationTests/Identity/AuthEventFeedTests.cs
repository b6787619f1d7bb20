using System.Net;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>The AuthEventFeed on the identity server's admin port: the directory's own client reads
/// the events in order; nobody else reads anything.</summary>
public sealed class AuthEventFeedTests
{
    private const string DirectoryClient = "childindex-directory";

    [Fact]
    public async Task ReadAuthEvents_WithoutAToken_IsUnauthenticated()
    {
        var server = await IdentityServer.Shared;

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => ReadAsync(server, token: null, new ReadAuthEventsRequest()));
    }

    [Theory]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.SecurityOfficer)]
    [InlineData(Roles.IdentityAdmin)]
    public async Task ReadAuthEvents_WithAPersonsToken_IsPermissionDenied(string role)
    {
        var server = await IdentityServer.Shared;

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await ReadAsync(server, await server.TokenForRoleAsync(role), new ReadAuthEventsRequest()));
    }

    [Fact]
    public async Task ReadAuthEvents_WithAnAgencyClientsToken_IsPermissionDenied()
    {
        var server = await IdentityServer.Shared;

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await ReadAsync(server, await server.TokenForRoleAsync(Roles.AgencySystem), new ReadAuthEventsRequest()));
    }

    [Fact]
    public async Task AgencyClient_AskingForTheAuthEventsScope_GetsNoToken()
    {
        var server = await IdentityServer.Shared;
        var (clientId, secret) = await server.CreateAgencyClientAsync();

        var token = await server.ClientCredentialsAsync(clientId, secret, ChildIndexScopes.AuthEvents);

        Assert.Null(token.AccessToken);
        Assert.NotNull(token.Error);
    }

    [Fact]
    public async Task Person_AskingForTheAuthEventsScope_IsRefusedBeforeSigningIn()
    {
        var server = await IdentityServer.Shared;
        using var client = server.CreateClient();

        using var response = await client.PostAsync(new Uri("/connect/device", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = IdentityServer.CliClient,
            ["scope"] = $"openid {ChildIndexScopes.AuthEvents}",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DirectoryClient_WithAWrongSecret_GetsNoToken()
    {
        var server = await IdentityServer.Shared;

        var token = await server.ClientCredentialsAsync(DirectoryClient, "not-the-secret", ChildIndexScopes.AuthEvents);

        Assert.Null(token.AccessToken);
        Assert.Equal("invalid_client", token.Error);
    }

    [Fact]
    public async Task DirectoryClient_GetsATokenForTheIdentityServer_WithTheAuthEventsScopeOnly()
    {
        var server = await IdentityServer.Shared;

        var token = await server.ClientCredentialsAsync(DirectoryClient, IdentityServer.DirectorySecret, ChildIndexScopes.AuthEvents);
        var widened = await server.ClientCredentialsAsync(DirectoryClient, IdentityServer.DirectorySecret, $"{ChildIndexScopes.AuthEvents} {ChildIndexScopes.Directory}");

        var claims = IdentityTestKit.Payload(token.AccessToken!);
        Assert.Equal([ChildIndexScopes.AuthEvents], IdentityTestKit.ClaimValues(claims, "scope").SelectMany(s => s.Split(' ')));
        Assert.Equal([ChildIndexScopes.IdentityAudience], IdentityTestKit.ClaimValues(claims, "aud"));
        Assert.Empty(IdentityTestKit.ClaimValues(claims, "role"));
        Assert.Null(token.RefreshToken);
        // The directory's own API is not among what it may ask for.
        Assert.Null(widened.AccessToken);
    }

    [Fact]
    public async Task ReadAuthEvents_WithTheDirectorysToken_ReturnsTheEventsAfterTheGivenId_InIdOrder_WithTheirFields()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        await server.SignInAsync(user);
        List<global::ChildIndex.Identity.Core.Events.AuthEvent> stored;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>();
            var subject = (await IdentityTestKit.FindUserAsync(server, user.Username)).Id.ToString();
            var first = await db.AuthEvents.Where(e => e.Subject == subject).MinAsync(e => e.Id);
            stored = await db.AuthEvents.AsNoTracking().Where(e => e.Id >= first).OrderBy(e => e.Id).Take(3).ToListAsync();
        }

        var read = await ReadAsync(server, await DirectoryTokenAsync(server), new ReadAuthEventsRequest { AfterId = stored[0].Id - 1, MaxEvents = 3 });

        Assert.Equal(stored.Select(e => e.Id), read.Events.Select(e => e.Id));
        var enrolled = read.Events[0];
        Assert.Equal(AuthEventKind.UserEnrolled, enrolled.Kind);
        Assert.Equal(stored[0].Subject, enrolled.Subject);
        Assert.Equal("tests", enrolled.Actor);
        Assert.Equal(stored[0].Time, enrolled.Time.ToDateTimeOffset());
        Assert.Equal(stored[0].Detail ?? string.Empty, enrolled.Detail);
    }

    [Fact]
    public async Task ReadAuthEvents_WithoutMaxEvents_ReturnsAtMost500()
    {
        var server = await IdentityServer.Shared;

        var read = await ReadAsync(server, await DirectoryTokenAsync(server), new ReadAuthEventsRequest());

        Assert.InRange(read.Events.Count, 1, 500);
        Assert.Equal(read.Events.Select(e => e.Id).Order(), read.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task ReadAuthEvents_NegativeAfterIdOrTooManyEvents_IsInvalidArgumentNamingTheFields()
    {
        var server = await IdentityServer.Shared;
        var token = await DirectoryTokenAsync(server);

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ReadAsync(server, token, new ReadAuthEventsRequest { AfterId = -1, MaxEvents = 501 }));

        Assert.Equal(["after_id", "max_events"], RpcAssert.ViolatedFields(error));
    }

    private static async Task<string> DirectoryTokenAsync(IdentityServer server) =>
        (await server.ClientCredentialsAsync(DirectoryClient, IdentityServer.DirectorySecret, ChildIndexScopes.AuthEvents)).AccessToken!;

    private static async Task<ReadAuthEventsResponse> ReadAsync(IdentityServer server, string? token, ReadAuthEventsRequest request)
    {
        using var channel = IdentityTestKit.AdminChannel(server, token);
        return await new AuthEventFeed.AuthEventFeedClient(channel).ReadAuthEventsAsync(request);
    }
}
