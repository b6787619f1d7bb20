using ChildIndex.PortalTests.Infrastructure;
using Microsoft.Playwright;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed class SecurityOfficerTests(PortalProduct stack)
{
    [Fact]
    public async Task SecurityOfficer_FindsAPractitionersLookUpOfTheShieldedChild_InWhoAccessedAndTheTrail()
    {
        var practitioner = await stack.SignedInPageAsync("pat.practitioner");
        await Journeys.OpenByIdAsync(practitioner, stack.ShieldedChildId);

        var page = await stack.SignedInPageAsync("sol.security");
        await page.ClickAsync("#navigation >> text=Who accessed a child");
        await page.FillAsync("#child-id", stack.ShieldedChildId);
        await page.ClickAsync("#who-accessed-button");

        await Pages.CheckAsync(page, "audit-who-accessed");
        var lookUp = page.Locator("#audit-records tbody tr", new() { HasText = "Pat Okoro" }).Filter(new() { HasText = "GetChild" });
        Assert.True(await lookUp.CountAsync() > 0, "the practitioner's GetChild of the shielded child is listed");
        var text = await lookUp.First.InnerTextAsync();
        Assert.Contains("Shielded record", text, StringComparison.Ordinal);
        Assert.Contains("Safeguarding concern", text, StringComparison.Ordinal);
        Assert.Matches(@"\d{1,2} \w+ \d{4}, \d{2}:\d{2}:\d{2} \(UTC\+0\d:00\)", text);

        await page.ClickAsync("#navigation >> text=Audit trail");
        await Pages.CheckAsync(page, "audit-trail");
        await page.ClickAsync("summary:has-text('Filter the trail')");
        await page.FillAsync("#child-id", stack.ShieldedChildId);
        await page.FillAsync("#action", "childindex.v1.ChildDirectory/GetChild");
        await page.ClickAsync("#filter-button");
        Assert.True(await page.Locator("#audit-records tbody tr", new() { HasText = "Pat Okoro" }).CountAsync() > 0);
        Assert.Equal(0, await page.Locator("#audit-records tbody tr", new() { HasText = "SearchChildren" }).CountAsync());
    }

    [Fact]
    public async Task SecurityOfficer_SeesTheMisuseReportTrailVerificationAndCanDownloadTheExport()
    {
        var page = await stack.SignedInPageAsync("sol.security");

        await page.ClickAsync("#navigation >> text=Misuse report");
        await Pages.CheckAsync(page, "audit-misuse");
        await page.ClickAsync("#navigation >> text=Trail verification");
        await Pages.CheckAsync(page, "audit-verify");
        Assert.Contains("The trail is intact", await page.InnerTextAsync("#verify-result"), StringComparison.Ordinal);

        await page.ClickAsync("#navigation >> text=Audit trail");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-link"));
        var path = await download.PathAsync();
        var lines = await File.ReadAllLinesAsync(path!);
        Assert.StartsWith("childindex-audit-", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains("\"checkpoint\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditTrail_PagesToOlderRecords_KeepingTheFilters()
    {
        var page = await stack.SignedInPageAsync("sol.security");
        await page.GotoAsync("/audit");
        await page.ClickAsync("summary:has-text('Filter the trail')");
        await page.FillAsync("#outcome", "ok");
        await page.ClickAsync("#filter-button");
        var first = await SequencesAsync(page);

        await page.ClickAsync("#next-page");
        await Pages.CheckAsync(page, "audit-trail-older");
        var second = await SequencesAsync(page);

        Assert.Equal(25, first.Count);
        Assert.NotEmpty(second);
        Assert.True(second.Max() < first.Min(), "the next page holds older records, none of the first page's");
        Assert.Equal(first.OrderByDescending(n => n), first);
        Assert.Equal("ok", await page.InputValueAsync("#outcome"));
        Assert.All(await page.Locator("#audit-records tbody tr td:nth-child(3) .govuk-tag:first-of-type").AllInnerTextsAsync(), o => Assert.Equal("ok", o, ignoreCase: true));
    }

    private static async Task<List<long>> SequencesAsync(IPage page) =>
        [.. (await page.Locator("#audit-records tbody tr td:first-child .govuk-body-s").AllInnerTextsAsync())
            .Select(text => long.Parse(text.Replace("No. ", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture))];
}
