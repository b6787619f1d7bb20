using Microsoft.Playwright;

namespace ChildIndex.PortalTests.Infrastructure;

/// <summary>Steps several tests share, done through the pages as a person does them.</summary>
public static class Journeys
{
    public const string OkaforDavies = "Okafor-Davies";

    /// <summary>Searches by name and date of birth (the README's example child) and opens the first result.</summary>
    public static async Task OpenOkaforDaviesAsync(IPage page)
    {
        await page.GotoAsync("/children/search");
        await page.CheckAsync("label:has-text('Service delivery')");
        await page.FillAsync("#family-name", "okafor davies");
        await page.FillAsync("#dob-day", "14");
        await page.FillAsync("#dob-month", "3");
        await page.FillAsync("#dob-year", "2017");
        await page.ClickAsync("#search-button");
        await page.Locator("#results tbody tr").First.Locator("a").ClickAsync();
        await page.WaitForSelectorAsync("#child-name");
    }

    /// <summary>Searches by ChildIndex ID and opens the child found.</summary>
    public static async Task OpenByIdAsync(IPage page, string childId, string purpose = "Safeguarding concern")
    {
        await page.GotoAsync("/children/search");
        await page.CheckAsync($"label:has-text('{purpose}')");
        await page.FillAsync("#child-id", childId);
        await page.ClickAsync("#search-button");
        await page.Locator("#results tbody tr").First.Locator("a").ClickAsync();
        await page.WaitForSelectorAsync("#child-name");
    }
}
