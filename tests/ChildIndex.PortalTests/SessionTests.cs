using ChildIndex.PortalTests.Infrastructure;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed class SessionTests(PortalProduct stack)
{
    [Fact]
    public async Task Back_AfterSignOut_ShowsNoChildData()
    {
        var page = await stack.NewPageAsync();
        await stack.SignInAsync(page, "eddie.editor");
        await Journeys.OpenOkaforDaviesAsync(page);
        Assert.Contains(Journeys.OkaforDavies, await page.InnerTextAsync("#child-name"), StringComparison.Ordinal);

        await page.ClickAsync("#sign-out");
        await page.WaitForSelectorAsync("#signed-out");
        await Pages.CheckAsync(page, "identity-signed-out");
        await page.GoBackAsync();
        await page.WaitForLoadStateAsync();

        Assert.DoesNotContain("Okafor", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith(stack.IdentityAddress + "/account/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedIn_TheBrowserHoldsNoTokenInCookiesStorageOrPageSource()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");
        await Journeys.OpenOkaforDaviesAsync(page);

        var cookies = await page.Context.CookiesAsync();
        var storage = await page.EvaluateAsync<string>("JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
        var source = await page.ContentAsync();

        var session = Assert.Single(cookies, c => c.Name == "childindex.portal");
        Assert.True(session.HttpOnly);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, session.SameSite);
        // A JWT is three base64url parts joined by dots, the first starting "eyJ"; an encrypted cookie
        // is base64url without dots, in which "eyJ" alone turns up by chance about once in 250 runs.
        Assert.All(cookies, c => Assert.DoesNotMatch(@"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.", c.Value));
        Assert.True(session.Value.Length < 1000, "the cookie names a server-side session, it does not carry tokens");
        Assert.Equal("{}{}", storage);
        Assert.DoesNotContain("eyJ", source, StringComparison.Ordinal);
        Assert.DoesNotContain("token", source.Replace("__RequestVerificationToken", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Session_OutlivesTheFiftySecondAccessToken_ByRefreshingItOnTheServer()
    {
        var page = await stack.NewPageAsync();
        await stack.SignInAsync(page, "sol.security");

        // Past the point where the 50 s access token must be refreshed (15 s before it expires): a
        // refused or missing refresh would end the session and send the browser to the sign-in page.
        await Task.Delay(TimeSpan.FromSeconds(40));
        await page.GotoAsync("/audit/verify");

        Assert.Equal(stack.PortalAddress + "/audit/verify", page.Url);
        Assert.Contains("The trail is intact", await page.InnerTextAsync("#verify-result"), StringComparison.Ordinal);
        var renewed = (await page.Context.CookiesAsync()).Single(c => c.Name == "childindex.portal").Value;
        Assert.DoesNotContain("eyJ", renewed, StringComparison.Ordinal);
        Assert.True(renewed.Length < 1000, "the refreshed tokens stay on the server");
    }

    [Fact]
    public async Task SignOut_EndsTheIdentityServersSessionToo_SoSigningInAgainAsksForTheCode()
    {
        var page = await stack.NewPageAsync();
        await stack.SignInAsync(page, "sam.safeguarding");

        await page.ClickAsync("#sign-out");
        await page.WaitForSelectorAsync("#signed-out");
        await page.ClickAsync("#sign-in-again");

        await page.WaitForURLAsync(url => url.StartsWith(stack.IdentityAddress + "/account/login", StringComparison.Ordinal));
        Assert.True(await page.Locator("#Code").IsVisibleAsync());
    }

    [Fact]
    public async Task TwoRequestsOfOneSession_ThatBothNeedARefresh_EndWithOneValidSession()
    {
        var page = await stack.NewPageAsync();
        await stack.SignInAsync(page, "sol.security");

        // Past the refresh point, two pages of the session at once (a page and its download, two
        // tabs): both carry the same refresh token, which the identity server accepts only once.
        await Task.Delay(TimeSpan.FromSeconds(40));
        var both = await Task.WhenAll(
            page.APIRequest.GetAsync("/audit/verify", new() { MaxRedirects = 0 }),
            page.APIRequest.GetAsync("/audit/misuse", new() { MaxRedirects = 0 }));

        Assert.All(both, response => Assert.Equal(200, response.Status));
        await page.GotoAsync("/audit/verify");
        Assert.Equal(stack.PortalAddress + "/audit/verify", page.Url);
        Assert.Contains("The trail is intact", await page.InnerTextAsync("#verify-result"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdleTimeout_EndsTheSessionAfterTheConfiguredTime_AndActivityKeepsItAlive()
    {
        using var portal = await stack.StartSecondPortalAsync(new Dictionary<string, string> { ["CHILDINDEX_PORTAL_IDLE_TIMEOUT_SECONDS"] = "20" });
        var page = await stack.NewPageAsync(stack.SecondPortalAddress);
        await stack.SignInAsync(page, "ida.index");
        Assert.Equal("20", await page.GetAttributeAsync("#idle-warning", "data-idle-seconds"));

        // Used every 12 s, for longer than the idle time: still signed in.
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(12));
            var used = await page.APIRequest.GetAsync("/children/search", new() { MaxRedirects = 0 });
            Assert.Equal(200, used.Status);
        }

        await Task.Delay(TimeSpan.FromSeconds(25));
        var idle = await page.APIRequest.GetAsync("/children/search", new() { MaxRedirects = 0 });

        Assert.Equal(302, idle.Status);
        Assert.StartsWith(stack.IdentityAddress + "/connect/authorize", idle.Headers["location"], StringComparison.Ordinal);
    }
}
