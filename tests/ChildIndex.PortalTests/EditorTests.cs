using ChildIndex.PortalTests.Infrastructure;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed class EditorTests(PortalProduct stack)
{
    [Fact]
    public async Task Editor_RecordsTheirOrganisationsInvolvement_ThenEndsIt()
    {
        var page = await stack.SignedInPageAsync("eddie.editor");
        await Journeys.OpenOkaforDaviesAsync(page);
        var practitioner = $"Duty Team {Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";

        await page.ClickAsync("#record-involvement");
        await Pages.CheckAsync(page, "involvement-record");
        await page.SelectOptionAsync("#service-type", "EarlyHelp");
        await page.FillAsync("#practitioner-name", practitioner);
        await page.FillAsync("#phone", "0113 496 0999");
        await page.ClickAsync("#record-button");

        var row = page.Locator("#involvements-heading + table tbody tr", new() { HasText = practitioner });
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("Early help", await row.InnerTextAsync(), StringComparison.Ordinal);

        await row.Locator("a", new() { HasText = "End" }).ClickAsync();
        await Pages.CheckAsync(page, "involvement-end");
        await page.ClickAsync("#end-button");

        Assert.Equal(0, await page.Locator("#involvements-heading + table tbody tr", new() { HasText = practitioner }).CountAsync());
        var ended = page.Locator("h2:has-text('Services that have ended') + table tbody tr", new() { HasText = practitioner });
        Assert.Contains("ended", await ended.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editor_RecordingASecondLeadProfessional_IsShownAsAGovukErrorNotACrash()
    {
        var page = await stack.SignedInPageAsync("eddie.editor");
        await Journeys.OpenOkaforDaviesAsync(page);

        await page.ClickAsync("#record-involvement");
        await page.SelectOptionAsync("#service-type", "SocialCare");
        await page.FillAsync("#practitioner-name", "Second Lead");
        await page.FillAsync("#phone", "0113 496 0998");
        await page.CheckAsync("#lead-professional");
        await page.ClickAsync("#record-button");

        await Pages.CheckAsync(page, "involvement-conflict");
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator(".govuk-error-summary").IsVisibleAsync());
        Assert.Contains("lead professional", await page.InnerTextAsync(".govuk-error-summary"), StringComparison.OrdinalIgnoreCase);
    }
}
