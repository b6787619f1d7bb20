using ChildIndex.PortalTests.Infrastructure;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed class ShieldingTests(PortalProduct stack)
{
    [Fact]
    public async Task ShieldedChild_ForAPractitioner_ShowsTheNoticeAndTheIndexTeamButNoAddress()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");

        await Journeys.OpenByIdAsync(page, stack.ShieldedChildId);

        await Pages.CheckAsync(page, "child-shielded");
        Assert.True(await page.Locator("#shielded-notice").IsVisibleAsync());
        Assert.Contains("contact", await page.InnerTextAsync("#shielded-notice"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await page.Locator("#child-details dt", new() { HasText = "Address" }).CountAsync());
        Assert.Equal(0, await page.Locator("#break-glass-link").CountAsync());
    }

    [Fact]
    public async Task ShieldedChild_ViaBreakGlass_ShowsTheFullRecordWithACountdownToExpiry()
    {
        var page = await stack.SignedInPageAsync("sam.safeguarding");
        await Journeys.OpenByIdAsync(page, stack.ShieldedChildId);
        Assert.Equal(0, await page.Locator("#child-details dt", new() { HasText = "Address" }).CountAsync());

        await page.ClickAsync("#break-glass-link");
        await page.ClickAsync("#break-glass-button");
        await Pages.CheckAsync(page, "break-glass-errors");
        Assert.Equal("#justification", await page.Locator(".govuk-error-summary__list a").First.GetAttributeAsync("href"));
        await page.FillAsync("#justification", "child disclosed harm at school today");
        await page.ClickAsync("#break-glass-button");

        await page.WaitForSelectorAsync("#break-glass-banner");
        await Pages.CheckAsync(page, "child-break-glass");
        Assert.Matches(@"1[45] minutes \d+ seconds left", await page.InnerTextAsync("[data-countdown]"));
        Assert.Equal(1, await page.Locator("#child-details dt", new() { HasText = "Address" }).CountAsync());
        Assert.Equal(0, await page.Locator("#shielded-notice").CountAsync());
    }
}
