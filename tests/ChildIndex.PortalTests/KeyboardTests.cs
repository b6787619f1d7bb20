using ChildIndex.PortalTests.Infrastructure;
using Microsoft.Playwright;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed class KeyboardTests(PortalProduct stack)
{
    [Fact]
    public async Task PractitionerJourney_ByKeyboardAlone_FromHomeToTheChildsRecord()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");

        await TabToAsync(page, "#home-links a");
        // This step timed out once in CI (2026-12-07) and could not be reproduced: a failure says
        // where the page was and what had the focus, to tell a lost key press from a slow page.
        var focused = await page.EvaluateAsync<string>("() => document.activeElement.outerHTML");
        await page.Keyboard.PressAsync("Enter");
        try
        {
            await page.WaitForURLAsync("**/children/search");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Enter on {focused} did not reach the search page: the page is {page.Url}, titled '{await page.TitleAsync()}'");
        }
        await TabToAsync(page, "#purpose");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.True(await page.IsCheckedAsync("#purpose-2"), "arrow keys choose a purpose");
        await TabToAsync(page, "#family-name");
        await page.Keyboard.TypeAsync("okafor davies");
        await TabToAsync(page, "#dob-day");
        await page.Keyboard.TypeAsync("14");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("3");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("2017");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#results");
        await TabToAsync(page, "#results tbody tr a");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForSelectorAsync("#child-name");
        Assert.Contains(Journeys.OkaforDavies, await page.InnerTextAsync("#child-name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipLink_IsTheFirstThingTheKeyboardReaches_AndMovesToTheMainContent()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to main content", await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        // Following the link is a navigation within the page, which the browser may finish after
        // the key press has returned (the URL was read too early once in CI, 2026-12-07).
        try
        {
            await page.WaitForFunctionAsync("() => location.hash === '#main-content'", null, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Enter on the skip link left the page at {page.Url}");
        }

        Assert.EndsWith("#main-content", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Presses Tab until the first element matching <paramref name="selector"/> has the
    /// focus; fails if it is not reached, which is what a keyboard user would find.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement === document.querySelector(s)", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{selector} is not reachable with the Tab key on {page.Url}");
    }
}
