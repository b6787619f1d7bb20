using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ChildIndex.PortalTests.Infrastructure;

/// <summary>What every page visited in a test is held to: axe-core finds no WCAG 2.2 AA violation,
/// and a screenshot is kept.</summary>
public static class Pages
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    public static async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProduct.ScreenshotDirectory, $"{name}.png"), FullPage = true });
        var result = await page.RunAxe(WcagAa);
        var violations = string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        Assert.True(result.Violations.Length == 0, $"{name} ({page.Url}) has accessibility violations:\n{violations}");
    }

    /// <summary>The visible text of the page's main content.</summary>
    public static Task<string> MainTextAsync(IPage page) => page.Locator("main").InnerTextAsync();
}
