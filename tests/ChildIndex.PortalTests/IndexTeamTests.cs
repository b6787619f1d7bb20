using ChildIndex.PortalTests.Infrastructure;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed class IndexTeamTests(PortalProduct stack)
{
    [Fact]
    public async Task IndexTeam_ClosesTheReviewOfASafeguardingLeadsBreakGlass()
    {
        var lead = await stack.SignedInPageAsync("sam.safeguarding");
        await Journeys.OpenByIdAsync(lead, stack.ShieldedChildId);
        var justification = $"strategy meeting {Guid.NewGuid().ToString("N")[..6]}";
        await lead.GotoAsync(lead.Url.Replace("/children/", "/break-glass/", StringComparison.Ordinal));
        await lead.FillAsync("#justification", justification);
        await lead.ClickAsync("#break-glass-button");
        await lead.WaitForSelectorAsync("#break-glass-banner");

        var page = await stack.SignedInPageAsync("ida.index");
        await page.ClickAsync("#navigation >> text=Break-glass reviews");
        await Pages.CheckAsync(page, "index-team-reviews");
        var review = page.Locator(".govuk-summary-card", new() { HasText = justification });
        Assert.Contains("Sam Adeyemi", await review.InnerTextAsync(), StringComparison.Ordinal);
        await review.Locator("label:has-text('Justified')").ClickAsync();
        await review.Locator("input[name=Note]").FillAsync("strategy meeting confirmed");
        await page.RunAndWaitForResponseAsync(
            () => review.Locator("button:has-text('Close review')").ClickAsync(),
            response => response.Url.EndsWith("/index-team/reviews", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();

        Assert.True(await page.Locator(".govuk-error-summary").CountAsync() == 0, await page.InnerTextAsync("main"));
        Assert.Equal(0, await page.Locator(".govuk-summary-card", new() { HasText = justification }).CountAsync());
    }

    [Fact]
    public async Task IndexTeam_LiftsAShieldAndShieldsTheRecordAgain()
    {
        var page = await stack.SignedInPageAsync("ida.index");
        await Journeys.OpenByIdAsync(page, stack.ShieldedChildId, "Data quality");
        Assert.Equal("Lift the shield", await page.InnerTextAsync("#shield-link"));

        await page.ClickAsync("#shield-link");
        await page.FillAsync("#justification", "risk assessed as ended");
        await page.ClickAsync("#shield-button");
        await page.WaitForSelectorAsync("#child-name");
        Assert.Equal(0, await page.Locator("#shielded-tag").CountAsync());

        await page.ClickAsync("#shield-link");
        await page.ClickAsync("#shield-button");
        await Pages.CheckAsync(page, "index-team-shield-errors");
        Assert.Equal("#reason", await page.Locator(".govuk-error-summary__list a").First.GetAttributeAsync("href"));
        await page.CheckAsync("label:has-text('Domestic abuse')");
        await page.ClickAsync("#shield-button");
        await page.WaitForSelectorAsync("#child-name");

        Assert.True(await page.Locator("#shielded-tag").IsVisibleAsync());
    }
}
