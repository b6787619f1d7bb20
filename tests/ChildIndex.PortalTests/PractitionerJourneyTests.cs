using ChildIndex.PortalTests.Infrastructure;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed class PractitionerJourneyTests(PortalProduct stack)
{
    [Fact]
    public async Task SignIn_WithPasswordAndTotp_LandsOnTheHomePageWithTheRolesNavigation()
    {
        var page = await stack.NewPageAsync();

        await page.GotoAsync("/");
        await Pages.CheckAsync(page, "identity-sign-in");
        await stack.SignInAsync(page, "pat.practitioner");

        await Pages.CheckAsync(page, "portal-home");
        Assert.Equal("Signed in as Pat Okoro, Hyde Park Primary School", await page.InnerTextAsync("#signed-in-as"));
        Assert.Equal(["Find a child"], await page.Locator("#navigation a").AllInnerTextsAsync());
    }

    [Fact]
    public async Task SignIn_WithAWrongCode_IsRefusedOnTheIdentityServersPage()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/");

        // Not a user the other tests sign in as: each wrong code counts towards a lockout.
        await page.FillAsync("#Username", "ada.identity");
        await page.FillAsync("#Password", PortalProduct.Password);
        await page.FillAsync("#Code", "000000");
        await page.ClickAsync("button[type=submit]");

        Assert.StartsWith(stack.IdentityAddress, page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator("#error").IsVisibleAsync());
        Assert.Equal(0, await page.Context.CookiesAsync([stack.PortalAddress]) is var cookies ? cookies.Count(c => c.Name == "childindex.portal") : -1);
    }

    [Fact]
    public async Task Practitioner_SearchesByNameAndDateOfBirth_OpensTheChildAndSeesWhoElseIsWorkingWithThem()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");

        await page.ClickAsync("text=Find a child");
        await Pages.CheckAsync(page, "search");
        await page.CheckAsync("label:has-text('Service delivery')");
        await page.FillAsync("#family-name", "okafor davies");
        await page.FillAsync("#dob-day", "14");
        await page.FillAsync("#dob-month", "3");
        await page.FillAsync("#dob-year", "2017");
        await page.ClickAsync("#search-button");

        await Pages.CheckAsync(page, "search-results");
        Assert.Equal(stack.PortalAddress + "/children/search", page.Url);
        var firstResult = page.Locator("#results tbody tr").First;
        Assert.Contains("Okafor", await firstResult.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(await firstResult.Locator("td").Last.Locator("li").AllInnerTextsAsync());

        await firstResult.Locator("a").ClickAsync();
        await Pages.CheckAsync(page, "child");
        Assert.DoesNotContain("okafor", page.Url, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Okafor", await page.InnerTextAsync("#child-name"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("14 March 2017", await page.InnerTextAsync("#child-dob"));
        Assert.True(await page.Locator("#involvements-heading + table tbody tr").CountAsync() > 0, "who else is working with this child");

        await page.ClickAsync("#print-link");
        await Pages.CheckAsync(page, "child-print");
        Assert.Contains("Sensitive: do not leave unattended", await page.InnerTextAsync("#print-banner"), StringComparison.Ordinal);
        Assert.Matches(@"Printed \d{1,2} \w+ \d{4}, \d{2}:\d{2}:\d{2} \(UTC\+0\d:00\)", await page.InnerTextAsync("#printed-at"));
    }

    [Fact]
    public async Task Search_WithoutAPurposeOrName_ShowsAnErrorSummaryLinkedToEachField()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");
        await page.GotoAsync("/children/search");

        await page.ClickAsync("#search-button");

        await Pages.CheckAsync(page, "search-errors");
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        var links = page.Locator(".govuk-error-summary__list a");
        Assert.Equal(["#purpose", "#family-name"], await links.EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))"));
        await links.First.ClickAsync();
        Assert.Equal("purpose", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [Fact]
    public async Task Search_WithAnIdentifierTheDirectoryRefuses_ShowsItsFieldViolationOnThatField()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");
        await page.GotoAsync("/children/search");

        await page.CheckAsync("label:has-text('Service delivery')");
        await page.FillAsync("#nhs-number", "1234567890");
        await page.ClickAsync("#search-button");

        var link = page.Locator(".govuk-error-summary__list a");
        Assert.Equal("#nhs-number", await link.First.GetAttributeAsync("href"));
        Assert.StartsWith("NHS number", await link.First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#nhs-number.govuk-input--error").IsVisibleAsync());
    }
}
