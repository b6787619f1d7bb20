using System.Globalization;
using System.Text.RegularExpressions;
using ChildIndex.Cli;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>`childindex admin ...` against the identity server's IdentityAdmin API, with the CLI's cached session.</summary>
public sealed partial class AdminTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>, IDisposable
{
    private readonly CliSandbox _admin = new(server);
    private readonly CliSandbox _other = new(server);

    public void Dispose()
    {
        _admin.Dispose();
        _other.Dispose();
    }

    [Fact]
    public async Task Admin_EnrolUser_AsIdentityAdmin_PrintsOneTimeSecrets()
    {
        await SignInAsAdminAsync();
        var username = $"jo.{Guid.NewGuid():N}"[..20];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var run = await _admin.RunAsync(
            "admin", "enrol-user", "--username", username, "--display-name", "Jo Bloggs", "--org-code", "LS1234", "--org-name", "Hyde Park Primary School",
            "--role", "practitioner", "--role", "practitioner-editor",
            "--dbs-date", Day(today.AddYears(-1)), "--dbs-ref", "001234567890", "--training-date", Day(today.AddMonths(-1)), "--agreement-date", Day(today.AddMonths(-1)));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("SHOWN ONCE, NEVER AGAIN", run.Output, StringComparison.Ordinal);
        Assert.Contains("practitioner, practitioner-editor", run.Output, StringComparison.Ordinal);
        var password = Printed("One-time password", run.Output);
        var secret = Printed("TOTP secret", run.Output);
        Assert.StartsWith("otpauth://totp/", Printed("TOTP URI", run.Output), StringComparison.Ordinal);
        // What was printed is what the new user signs in with.
        var tokens = await server.Identity.SignInAsync(new TestUser(username, password, secret, Roles.Practitioner, "LS1234"));
        Assert.NotNull(tokens.AccessToken);
    }

    [Fact]
    public async Task Admin_ShowUser_WithJson_PrintsTheAccount()
    {
        await SignInAsAdminAsync();
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner);

        var run = await _admin.RunAsync("admin", "show-user", user.Username, "--json");
        var account = JsonParser.Default.Parse<UserAccount>(run.Output);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(user.Username, account.Username);
        Assert.Equal([Roles.Practitioner], account.Roles);
        Assert.True(account.VettingCurrent);
    }

    [Fact]
    public async Task Admin_ListUsers_ByOrganisation_PrintsATable()
    {
        await SignInAsAdminAsync();
        var organisation = $"T{Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture)}";
        var user = await server.Identity.CreateUserAsync(Roles.Practitioner, organisation);

        var run = await _admin.RunAsync("admin", "list-users", "--org-code", organisation);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(user.Username, run.Output, StringComparison.Ordinal);
        Assert.Contains("1 user", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_ListClients_ByOrganisation_PrintsATableWithoutSecrets()
    {
        await SignInAsAdminAsync();
        var organisation = $"T{Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture)}";
        var clientId = $"mis-{Guid.NewGuid():N}"[..20];
        var registered = await _admin.RunAsync(
            "admin", "register-client", "--client-id", clientId, "--display-name", "Hyde Park MIS", "--org-code", organisation, "--org-name", "Hyde Park Primary School");

        var run = await _admin.RunAsync("admin", "list-clients", "--org-code", organisation);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(clientId, run.Output, StringComparison.Ordinal);
        Assert.Contains("1 agency client", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Printed("Client secret", registered.Output), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_RegisterClient_PrintsASecretTheAgencySystemCanUse()
    {
        await SignInAsAdminAsync();
        var clientId = $"mis-{Guid.NewGuid():N}"[..20];

        var registered = await _admin.RunAsync(
            "admin", "register-client", "--client-id", clientId, "--display-name", "Hyde Park MIS", "--org-code", "LS1234", "--org-name", "Hyde Park Primary School");
        var secret = Printed("Client secret", registered.Output);
        var before = await server.Identity.ClientCredentialsAsync(clientId, secret);
        var revoked = await _admin.RunAsync("admin", "revoke-client", clientId);
        var after = await server.Identity.ClientCredentialsAsync(clientId, secret);

        Assert.Equal(ExitCodes.Ok, registered.ExitCode);
        Assert.Contains("SHOWN ONCE, NEVER AGAIN", registered.Output, StringComparison.Ordinal);
        Assert.NotNull(before.AccessToken);
        Assert.Equal(ExitCodes.Ok, revoked.ExitCode);
        Assert.Contains("revoked", revoked.Output, StringComparison.Ordinal);
        Assert.Null(after.AccessToken);
    }

    [Theory]
    [InlineData("list-users")]
    [InlineData("list-clients")]
    [InlineData("show-user", "VICTIM")]
    [InlineData("suspend", "VICTIM", "--reason", "Not allowed")]
    [InlineData("reset-2fa", "VICTIM")]
    [InlineData("enrol-user", "--username", "mallory", "--display-name", "Mallory", "--org-code", "LS1234", "--org-name", "Hyde Park", "--role", "index-admin")]
    public async Task Admin_AnyCommand_AsPractitioner_ExitsWithPermissionDenied(params string[] args)
    {
        var practitioner = await server.Identity.CreateUserAsync(Roles.Practitioner);
        await _other.SignInAsync(practitioner);
        var victim = await server.Identity.CreateUserAsync(Roles.Practitioner);

        var run = await _other.RunAsync(["admin", .. args.Select(a => a == "VICTIM" ? victim.Username : a)]);

        Assert.Equal(ExitCodes.PermissionDenied, run.ExitCode);
        Assert.EndsWith("(PermissionDenied)", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.NotNull((await server.Identity.SignInAsync(victim)).AccessToken);
    }

    [Fact]
    public async Task Admin_AnyCommand_NotSignedIn_ExitsWith7()
    {
        var run = await _admin.RunAsync("admin", "list-users");

        Assert.Equal(ExitCodes.NotAuthenticated, run.ExitCode);
        Assert.Equal("error: not signed in: run childindex login", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Admin_SuspendThenRefresh_EndsTheSession()
    {
        await SignInAsAdminAsync();
        var practitioner = await server.Identity.CreateUserAsync(Roles.Practitioner);
        await _other.SignInAsync(practitioner);
        var before = await _other.RunAsync("search", "--purpose", "service-delivery", "--nhs", TestRequests.NewNhsNumber());

        var suspend = await _admin.RunAsync("admin", "suspend", practitioner.Username, "--reason", "Left the organisation");
        _other.ExpireAccessToken();
        var after = await _other.RunAsync("search", "--purpose", "service-delivery", "--nhs", TestRequests.NewNhsNumber());

        Assert.Equal(ExitCodes.Ok, before.ExitCode);
        Assert.Equal(ExitCodes.Ok, suspend.ExitCode);
        Assert.Contains("suspended: Left the organisation", suspend.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotAuthenticated, after.ExitCode);
        Assert.Matches(@"^error: your session has ended \(.+\): run childindex login$", Assert.Single(after.ErrorLines));
        Assert.False(File.Exists(_other.Credentials.FilePath));
    }

    private async Task SignInAsAdminAsync() =>
        await _admin.SignInAsync(await server.Identity.CreateUserAsync(Roles.IdentityAdmin, "LCC"));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The value printed beside <paramref name="label"/> in a label/value grid.</summary>
    private static string Printed(string label, string output) =>
        Regex.Match(output, $@"{Regex.Escape(label)}\s+(\S+)") is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"'{label}' not printed in: {output}");
}
