using System.Text.RegularExpressions;
using ChildIndex.PortalTests.Infrastructure;
using Microsoft.Playwright;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed partial class HeaderTests(PortalProduct stack)
{
    [Fact]
    public async Task EveryPortalPage_ForbidsFramingAndInlineScript_AndChildPagesAreNeverStored()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");
        var responses = new List<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document")
            {
                responses.Add(response);
            }
        };
        await Journeys.OpenOkaforDaviesAsync(page);

        var portalPages = responses.Where(r => r.Url.StartsWith(stack.PortalAddress, StringComparison.Ordinal) && r.Status == 200).ToList();
        Assert.True(portalPages.Count >= 3, string.Join(", ", responses.Select(r => r.Url)));
        foreach (var response in portalPages)
        {
            var headers = await response.AllHeadersAsync();
            var csp = headers["content-security-policy"];
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("DENY", headers["x-frame-options"]);
            Assert.Contains("no-store", headers["cache-control"], StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(InlineScriptOrStyle(), await page.ContentAsync());
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/connect/verify")]
    [InlineData("/account/signed-out")]
    [InlineData("/account/denied")]
    public async Task IdentityServerPages_ForbidFramingAndInlineStylesAndScript(string path)
    {
        var page = await stack.NewPageAsync();

        var response = await page.GotoAsync(stack.IdentityAddress + path);
        var headers = await response!.AllHeadersAsync();

        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.DoesNotMatch(InlineScriptOrStyle(), await page.ContentAsync());
        await Pages.CheckAsync(page, "identity" + path.Replace('/', '-'));
    }

    [Fact]
    public async Task DenyingADeviceSignIn_SaysItWasDenied()
    {
        using var http = new HttpClient();
        using var started = await http.PostAsync(new Uri(stack.IdentityAddress + "/connect/device"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "childindex-cli",
            ["scope"] = "openid offline_access directory",
        }));
        var userCode = UserCode().Match(await started.Content.ReadAsStringAsync()).Groups[1].Value;
        var page = await stack.NewPageAsync();

        await page.GotoAsync($"{stack.IdentityAddress}/connect/verify?user_code={Uri.EscapeDataString(userCode)}");
        await page.FillAsync("#Username", "ida.index");
        await page.FillAsync("#Password", PortalProduct.Password);
        await page.FillAsync("#Code", await stack.NextCodeAsync("ida.index"));
        await page.ClickAsync("button[type=submit]");
        await Pages.CheckAsync(page, "identity-verify");
        await page.ClickAsync("#deny");

        await page.WaitForSelectorAsync("#denied");
        Assert.Equal("You denied the sign-in", await page.InnerTextAsync("h1"));
        Assert.DoesNotContain("You are signed in", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityServerPages_UseGovukFrontend_ServedByTheIdentityServerItself()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync(stack.IdentityAddress + "/account/login");

        var stylesheet = await page.GetAttributeAsync("link[rel=stylesheet]", "href");
        var css = await page.APIRequest.GetAsync(stack.IdentityAddress + stylesheet);
        var font = await page.EvaluateAsync<bool>("document.fonts.ready.then(() => [...document.fonts].some(f => f.family.includes('GDS Transport') && f.status === 'loaded'))");

        Assert.Equal("/govuk/govuk-frontend.min.css", stylesheet);
        Assert.Equal(200, css.Status);
        Assert.StartsWith("text/css", css.Headers["content-type"], StringComparison.Ordinal);
        Assert.DoesNotContain("no-store", css.Headers.GetValueOrDefault("cache-control") ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", css.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.True(font, "the GOV.UK font loads from the identity server's own /assets");
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=""|\son[a-z]+=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScriptOrStyle();

    [GeneratedRegex("\"user_code\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex UserCode();
}
