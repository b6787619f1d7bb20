using ChildIndex.Common.Security;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>The audit trail of the identity server, as the store holds it.</summary>
public sealed class AuthEventTests
{
    [Fact]
    public async Task AuthEvents_AreRefusedUpdateAndDelete_ByTheSqliteStore() =>
        await IdentityTestKit.AssertAuthEventsAppendOnlyAsync(await IdentityServer.Shared);

    [Fact]
    public async Task SignInAndTokenEvents_AreRecordedWithTheSubject_AndNoSecret()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var subject = (await IdentityTestKit.FindUserAsync(server, user.Username)).Id.ToString();
        var wrongCode = IdentityTestKit.WrongCode(user.TotpSecret);
        var usedCode = IdentityServer.CurrentCode(user.TotpSecret);

        var token = await IdentityTestKit.DeviceSignInAsync(server, user, usedCode);
        await IdentityTestKit.LoginAsync(server, user.Username, "not-the-password", IdentityServer.CurrentCode(user.TotpSecret));
        await IdentityTestKit.LoginAsync(server, user.Username, user.Password, wrongCode);
        var events = await IdentityTestKit.EventsAsync(server, subject);

        Assert.NotNull(token.AccessToken);
        Assert.Equal(
            [AuthEventKind.UserEnrolled, AuthEventKind.SignInSucceeded, AuthEventKind.TokenIssued, AuthEventKind.SignInFailed, AuthEventKind.TwoFactorFailed],
            events.Select(e => e.Kind));
        var issued = events.Single(e => e.Kind == AuthEventKind.TokenIssued);
        Assert.Equal(IdentityServer.CliClient, issued.ClientId);
        Assert.Equal("urn:ietf:params:oauth:grant-type:device_code", issued.Detail);
        AssertNoSecret(events, user.Password, "not-the-password", user.TotpSecret, usedCode, wrongCode, token.AccessToken!, token.RefreshToken!);
    }

    [Fact]
    public async Task Lockout_IsRecordedAfterTheFailuresThatCausedIt()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var subject = (await IdentityTestKit.FindUserAsync(server, user.Username)).Id.ToString();
        for (var i = 0; i < 5; i++)
        {
            await IdentityTestKit.LoginAsync(server, user.Username, $"guess-{i}", IdentityServer.CurrentCode(user.TotpSecret));
        }

        await IdentityTestKit.LoginAsync(server, user.Username, user.Password, IdentityServer.CurrentCode(user.TotpSecret));
        var events = await IdentityTestKit.EventsAsync(server, subject);

        Assert.Equal(5, events.Count(e => e.Kind == AuthEventKind.SignInFailed));
        var lockedOut = Assert.Single(events, e => e.Kind == AuthEventKind.LockedOut);
        Assert.True(events.IndexOf(lockedOut) > events.FindLastIndex(e => e.Kind == AuthEventKind.SignInFailed));
        Assert.Equal(AuthEventKind.SignInRefused, events[^1].Kind);
        Assert.Equal("account locked", events[^1].Detail);
        AssertNoSecret(events, user.Password, user.TotpSecret, "guess-");
    }

    [Fact]
    public async Task Suspension_AndTheRefusalsItCauses_AreRecorded()
    {
        var server = await IdentityServer.Shared;
        var user = await server.CreateUserAsync(Roles.Practitioner);
        var subject = (await IdentityTestKit.FindUserAsync(server, user.Username)).Id.ToString();
        var token = await server.SignInAsync(user);

        await IdentityTestKit.SuspendAsync(server, user.Username, "left the organisation");
        await server.RefreshAsync(token.RefreshToken!);
        await IdentityTestKit.LoginAsync(server, user.Username, user.Password, IdentityTestKit.NextCode(user.TotpSecret));
        var events = await IdentityTestKit.EventsAsync(server, subject);

        var suspended = Assert.Single(events, e => e.Kind == AuthEventKind.UserSuspended);
        Assert.Equal("tests", suspended.Actor);
        Assert.Equal("left the organisation", suspended.Detail);
        var refusedToken = Assert.Single(events, e => e.Kind == AuthEventKind.TokenRefused);
        Assert.Contains("suspended", refusedToken.Detail, StringComparison.Ordinal);
        Assert.Equal(AuthEventKind.SignInRefused, events[^1].Kind);
        AssertNoSecret(events, user.Password, user.TotpSecret, token.AccessToken!, token.RefreshToken!);
    }

    [Fact]
    public async Task ClientCredentials_IssuedAndRefused_AreRecordedUnderTheClientId()
    {
        var server = await IdentityServer.Shared;
        var (clientId, secret) = await server.CreateAgencyClientAsync();

        await server.ClientCredentialsAsync(clientId, secret);
        await IdentityTestKit.RevokeClientAsync(server, clientId);
        await server.ClientCredentialsAsync(clientId, secret);
        var events = await IdentityTestKit.EventsAsync(server, clientId);

        Assert.Equal(
            [AuthEventKind.ClientRegistered, AuthEventKind.TokenIssued, AuthEventKind.ClientRevoked, AuthEventKind.TokenRefused],
            events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(clientId, e.ClientId));
        AssertNoSecret(events, secret);
    }

    [Fact]
    public async Task FailedSignInOfAnUnknownUsername_IsRecordedWithTheUsernameAsTyped()
    {
        var server = await IdentityServer.Shared;
        var username = $"nobody-{Guid.NewGuid():N}"[..30];

        await IdentityTestKit.LoginAsync(server, username, "some-password", "123456");
        await using var scope = server.Services.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>().AuthEvents.AsNoTracking()
            .Where(e => e.Username == username).ToListAsync();

        var failed = Assert.Single(events);
        Assert.Equal(AuthEventKind.SignInFailed, failed.Kind);
        Assert.Null(failed.Subject);
        AssertNoSecret(events, "some-password", "123456");
    }

    private static void AssertNoSecret(IEnumerable<AuthEvent> events, params string[] secrets)
    {
        foreach (var e in events)
        {
            var text = string.Join('|', e.Subject, e.Username, e.ClientId, e.Actor, e.ClientAddress, e.Detail);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
