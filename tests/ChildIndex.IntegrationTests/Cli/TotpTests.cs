using System.Net;
using ChildIndex.Cli;
using ChildIndex.Common.Security;
using ChildIndex.IntegrationTests.Infrastructure;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>`childindex totp SECRET`, the demo stand-in for an authenticator app.</summary>
public sealed class TotpTests
{
    [Fact]
    public async Task Totp_PrintsTheCodeAnAuthenticatorWould()
    {
        var identity = await IdentityServer.Shared;
        var user = await identity.CreateUserAsync(Roles.Practitioner);

        var run = await CliRun.RunAsync(null, "totp", user.TotpSecret.ToLowerInvariant());
        using var browser = identity.CreateBrowser();
        var signedIn = await IdentityServer.SubmitLoginAsync(browser, user.Username, user.Password, run.Output.Trim());

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Matches(@"^\d{6}\n$", run.Output);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Totp_SecretNotBase32_ExitsWithUsageError()
    {
        var run = await CliRun.RunAsync(null, "totp", "not-base32-1890");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: SECRET must be base32", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }
}
