using ChildIndex.Cli;
using ChildIndex.Cli.Sessions;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>
/// How the CLI gets and keeps the token every directory call carries: `login` (device flow),
/// refresh, `logout`, and agency systems' client credentials. Every sign-in is by a new user:
/// each TOTP code is accepted once per user.
/// </summary>
public sealed class SessionTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>, IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string Header = "given_names,family_name,gender,date_of_birth,address_line1,town,postcode,nhs_number";
    private readonly CliSandbox _sandbox = new(server);
    private readonly TempFiles _files = new();

    public void Dispose()
    {
        _sandbox.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Login_ApprovedOnTheVerificationPage_CachesTokensReadableOnlyByTheUser()
    {
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);
        var child = await server.Registration.RegisterChildAsync(TestRequests.Registration());

        var login = await _sandbox.LoginAsync(user);
        var search = await _sandbox.RunAsync("search", "--purpose", "service-delivery", "--child-id", child.ChildId);

        Assert.Equal(ExitCodes.Ok, login.ExitCode);
        Assert.Contains($"signed in as {user.Username} (Test practitioner, LS1234); roles: practitioner", login.Output, StringComparison.Ordinal);
        Assert.Equal(OwnerReadWrite, CliSandbox.ModeOf(_sandbox.Credentials.FilePath));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, CliSandbox.ModeOf(_sandbox.ConfigDirectory));
        var session = Assert.IsType<StoredSession>(_sandbox.Credentials.Load());
        Assert.Equal(user.Username, session.Username);
        Assert.False(string.IsNullOrEmpty(session.RefreshToken));
        Assert.Equal(ExitCodes.Ok, search.ExitCode);
        Assert.Contains(child.ChildId, search.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_OverAnExistingSession_RevokesThePreviousRefreshToken()
    {
        var previousUser = await server.Identity.CreateUserAsync(Roles.Practitioner);
        var previous = await _sandbox.SignInAsync(previousUser);
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);

        var login = await _sandbox.LoginAsync(user);
        var refreshPrevious = await server.Identity.RefreshAsync(previous.RefreshToken!);

        Assert.Equal(ExitCodes.Ok, login.ExitCode);
        Assert.Empty(login.Error);
        Assert.Equal("invalid_grant", refreshPrevious.Error);
        var session = Assert.IsType<StoredSession>(_sandbox.Credentials.Load());
        Assert.Equal(user.Username, session.Username);
        Assert.NotNull((await server.Identity.RefreshAsync(session.RefreshToken!)).AccessToken);
    }

    [Fact]
    public async Task Login_DeniedOnTheVerificationPage_KeepsThePreviousSessionUsable()
    {
        var previousUser = await server.Identity.CreateUserAsync(Roles.Practitioner);
        var previous = await _sandbox.SignInAsync(previousUser);
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);

        var login = await _sandbox.LoginAsync(user, approve: false);

        Assert.Equal(ExitCodes.NotAuthenticated, login.ExitCode);
        Assert.Equal(previousUser.Username, _sandbox.Credentials.Load()?.Username);
        Assert.NotNull((await server.Identity.RefreshAsync(previous.RefreshToken!)).AccessToken);
    }

    [Fact]
    public async Task Login_DeniedOnTheVerificationPage_ExitsWith7AndCachesNothing()
    {
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);

        var login = await _sandbox.LoginAsync(user, approve: false);

        Assert.Equal(ExitCodes.NotAuthenticated, login.ExitCode);
        Assert.StartsWith("error: the sign-in was not approved", Assert.Single(login.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_sandbox.Credentials.FilePath));
    }

    [Fact]
    public async Task AnyCommand_AccessTokenAboutToExpire_RefreshesAndKeepsTheRotatedRefreshToken()
    {
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);
        var first = await _sandbox.SignInAsync(user, expiresIn: TimeSpan.FromSeconds(5));

        var search = await _sandbox.RunAsync("search", "--purpose", "service-delivery", "--nhs", TestRequests.NewNhsNumber());
        var session = Assert.IsType<StoredSession>(_sandbox.Credentials.Load());

        Assert.Equal(ExitCodes.Ok, search.ExitCode);
        Assert.NotEqual(first.AccessToken, session.AccessToken);
        Assert.NotEqual(first.RefreshToken, session.RefreshToken);
        Assert.True(session.AccessTokenExpiresAt > DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.NotNull((await server.Identity.RefreshAsync(session.RefreshToken!)).AccessToken);
    }

    [Fact]
    public async Task Logout_SignedIn_DeletesTheCacheAndRevokesTheRefreshToken()
    {
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);
        var tokens = await _sandbox.SignInAsync(user);

        var logout = await _sandbox.RunAsync("logout");
        var refresh = await server.Identity.RefreshAsync(tokens.RefreshToken!);

        Assert.Equal(ExitCodes.Ok, logout.ExitCode);
        Assert.StartsWith($"signed out {user.Username}", logout.Output, StringComparison.Ordinal);
        Assert.Empty(logout.Error);
        Assert.False(File.Exists(_sandbox.Credentials.FilePath));
        Assert.Equal("invalid_grant", refresh.Error);
    }

    [Fact]
    public async Task Logout_IdentityServerUnreachable_StillDeletesTheCache()
    {
        _sandbox.Credentials.Save(new StoredSession(new Uri("http://127.0.0.1:1"), "access", DateTimeOffset.UtcNow.AddMinutes(1), "refresh", "someone"));
        _sandbox.RealNetwork = true;

        var logout = await _sandbox.RunAsync("logout");

        Assert.Equal(ExitCodes.Ok, logout.ExitCode);
        Assert.StartsWith("signed out someone", logout.Output, StringComparison.Ordinal);
        Assert.StartsWith("warning: cannot reach the identity server at http://127.0.0.1:1", Assert.Single(logout.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_sandbox.Credentials.FilePath));
    }

    [Fact]
    public async Task Logout_NotSignedIn_SaysSo()
    {
        var logout = await _sandbox.RunAsync("logout");

        Assert.Equal(ExitCodes.Ok, logout.ExitCode);
        Assert.Equal("not signed in: nothing to do\n", logout.Output);
    }

    [Theory]
    [InlineData("search", "--purpose", "service-delivery", "--nhs", "9434765919")]
    [InlineData("show", "--purpose", "service-delivery", "K7Q2-M9XD-4")]
    [InlineData("register", "FILE")]
    public async Task AnyCommand_NotSignedIn_ExitsWith7(params string[] args)
    {
        var file = _files.Write("anonymous.csv", $"{Header}\nAmara,{TestRequests.NewFamilyName()},female,2016-03-14,1 Road,Leeds,LS6 2AB,\n");

        var run = await _sandbox.RunAsync([.. args.Select(a => a == "FILE" ? file : a)]);

        Assert.Equal(ExitCodes.NotAuthenticated, run.ExitCode);
        Assert.Equal($"error: {NotAuthenticatedException.NotSignedIn}", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task AnyCommand_WithAgencyClientCredentials_UsesClientCredentials()
    {
        var (clientId, secret) = await server.Identity.CreateAgencyClientAsync();
        _sandbox.Set(AccessTokens.ClientIdVariable, clientId);
        _sandbox.Set(AccessTokens.ClientSecretVariable, secret);
        var family = TestRequests.NewFamilyName();
        var file = _files.Write("agency.csv", $"{Header},local_id_org,local_id\nAmara,{family},female,2016-03-14,1 Road,Leeds,LS6 2AB,{TestRequests.NewNhsNumber()},LS1234,MIS-{family}\n");

        var register = await _sandbox.RunAsync("register", file);
        var search = await _sandbox.RunAsync("search", "--purpose", "service-delivery", "--family-name", family, "--dob", "2016-03-14");

        Assert.Equal(ExitCodes.Ok, register.ExitCode);
        Assert.Contains("1 created", register.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.PermissionDenied, search.ExitCode);
        Assert.EndsWith("(PermissionDenied)", Assert.Single(search.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.ConfigDirectory), "an agency system's token is never written to disk");
    }

    [Fact]
    public async Task AnyCommand_WithWrongAgencySecret_ExitsWith7()
    {
        var (clientId, _) = await server.Identity.CreateAgencyClientAsync();
        _sandbox.Set(AccessTokens.ClientIdVariable, clientId);
        _sandbox.Set(AccessTokens.ClientSecretVariable, "not-the-secret");

        var run = await _sandbox.RunAsync("search", "--purpose", "service-delivery", "--nhs", "9434765919");

        Assert.Equal(ExitCodes.NotAuthenticated, run.ExitCode);
        Assert.StartsWith($"error: the identity server refused agency client {clientId} (", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_TokenTheServerRefuses_ExitsWith7()
    {
        _sandbox.UseToken("not.a-real.token");

        var run = await _sandbox.RunAsync("search", "--purpose", "service-delivery", "--nhs", "9434765919");

        Assert.Equal(ExitCodes.NotAuthenticated, run.ExitCode);
        Assert.EndsWith("(Unauthenticated)", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }
}
