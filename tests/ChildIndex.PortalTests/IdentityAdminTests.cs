using System.Globalization;
using ChildIndex.PortalTests.Infrastructure;
using Microsoft.Playwright;

namespace ChildIndex.PortalTests;

/// <summary>The identity administrators' pages, as Ada (the demo identity administrator) uses
/// them, against the real identity server's IdentityAdmin API.</summary>
[Collection(PortalTestGroup.Name)]
public sealed class IdentityAdminTests(PortalProduct stack)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task IdentityAdmin_EnrolsAUser_ThroughCheckAnswers_SeesTheSecretsOnce_ThenRecordsTheirVetting()
    {
        var page = await stack.SignedInPageAsync("ada.identity");
        var username = NewUsername();

        await page.ClickAsync("#navigation >> text=Users");
        await page.WaitForSelectorAsync("#users");
        Assert.True(await page.Locator("#users tbody tr", new() { HasText = "pat.practitioner" }).CountAsync() == 1);
        await Pages.CheckAsync(page, "identity-admin-users");
        await page.ClickAsync("#enrol-link");
        await Pages.CheckAsync(page, "identity-admin-enrol");

        await page.ClickAsync("#continue-button");
        await Pages.CheckAsync(page, "identity-admin-enrol-errors");
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        var links = await page.Locator(".govuk-error-summary a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(["#username", "#display-name", "#organisation-code", "#organisation-name", "#roles"], links);

        await FillUserAsync(page, username);
        await page.ClickAsync("#continue-button");
        await page.WaitForSelectorAsync("#check-answers");
        await Pages.CheckAsync(page, "identity-admin-enrol-check");
        Assert.Contains("Not recorded yet", await page.InnerTextAsync("#check-answers"), StringComparison.Ordinal);
        await page.Locator("#check-answers button", new() { HasText = "Change" }).First.ClickAsync();
        Assert.Equal(username, await page.InputValueAsync("#username"));
        Assert.True(await page.IsCheckedAsync("#roles"), "the answers given are kept when changing them");
        await page.ClickAsync("#continue-button");
        await page.ClickAsync("#confirm-button");

        await page.WaitForSelectorAsync("#one-time-secrets");
        await Pages.CheckAsync(page, "identity-admin-enrolled");
        Assert.Contains("has been enrolled", await page.InnerTextAsync("#success-banner"), StringComparison.Ordinal);
        Assert.Matches("^[A-Z2-7]{16,}$", await page.InnerTextAsync("#totp-secret"));
        Assert.True((await page.InnerTextAsync("#initial-password")).Length >= 12);
        Assert.True(await page.Locator("#vetting-needed").IsVisibleAsync(), "an unvetted user is told they cannot sign in yet");

        await page.ClickAsync("#done-link");
        await page.WaitForSelectorAsync("#user-name");
        await page.ClickAsync("#vetting-link");
        await Pages.CheckAsync(page, "identity-admin-vetting");
        await FillVettingAsync(page, reference: "1234");
        await page.ClickAsync("#vetting-button");
        Assert.Equal("Enter the 12-digit DBS certificate number", await page.InnerTextAsync(".govuk-error-summary a[href='#dbs-reference']"));
        await Pages.CheckAsync(page, "identity-admin-vetting-error");
        await page.FillAsync("#dbs-reference", "001234567890");
        await page.ClickAsync("#vetting-button");

        await page.WaitForSelectorAsync("#success-banner");
        await Pages.CheckAsync(page, "identity-admin-user");
        Assert.Contains("Vetting recorded", await page.InnerTextAsync("#success-banner"), StringComparison.Ordinal);
        Assert.StartsWith("Yes, until", await page.InnerTextAsync("#vetting-current"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_SignsThePersonOutOfThePortalWithinAMinute_AndReinstateLetsThemBackIn()
    {
        var admin = await stack.SignedInPageAsync("ada.identity");
        var (username, password, secret) = await EnrolVettedAsync(admin);
        var person = await stack.NewPageAsync();
        await stack.SignInAsync(person, username, password, secret);
        Assert.Contains("Find a child", await person.InnerTextAsync("#navigation"), StringComparison.Ordinal);

        await admin.GotoAsync($"/identity-admin/users/{username}");
        await admin.ClickAsync("#suspend-link");
        await admin.ClickAsync("#suspend-button");
        Assert.Equal("Enter why the user is suspended", await admin.InnerTextAsync(".govuk-error-summary a[href='#reason']"));
        await Pages.CheckAsync(admin, "identity-admin-suspend-error");
        await admin.FillAsync("#reason", "Left the organisation");
        await admin.ClickAsync("#suspend-button");
        await admin.WaitForSelectorAsync("#success-banner");
        var suspendedAt = DateTime.UtcNow;
        Assert.Contains("Suspended", await admin.InnerTextAsync("#account-status"), StringComparison.Ordinal);
        Assert.Contains("Left the organisation", await admin.InnerTextAsync("#account-status"), StringComparison.Ordinal);
        await Pages.CheckAsync(admin, "identity-admin-user-suspended");

        // The person keeps using the portal; within a minute their session's refresh is refused,
        // the portal session ends, and the identity server refuses to sign them in again.
        while (true)
        {
            await person.GotoAsync("/children/search");
            if (person.Url != stack.PortalAddress + "/children/search")
            {
                Assert.Equal(stack.PortalAddress + "/account/sign-in-failed", person.Url);
                break;
            }

            Assert.True(DateTime.UtcNow - suspendedAt < TimeSpan.FromSeconds(60), "still signed in a minute after the suspension");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        await admin.ClickAsync("#reinstate-button");
        await admin.WaitForSelectorAsync("#success-banner");
        Assert.Contains("User reinstated", await admin.InnerTextAsync("#success-banner"), StringComparison.Ordinal);
        Assert.Contains("Active", await admin.InnerTextAsync("#account-status"), StringComparison.Ordinal);
        await Pages.CheckAsync(admin, "identity-admin-user-reinstated");

        var again = await stack.NewPageAsync();
        await stack.SignInAsync(again, username, password, secret);
        Assert.Contains("Find a child", await again.InnerTextAsync("#navigation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetTwoFactor_ShowsANewKeyOnce_AndAgencyClientsAreRegisteredAndRevoked()
    {
        var page = await stack.SignedInPageAsync("ada.identity");
        var (username, _, secret) = await EnrolVettedAsync(page);

        await page.GotoAsync($"/identity-admin/users/{username}");
        await page.ClickAsync("#reset-two-factor-link");
        await Pages.CheckAsync(page, "identity-admin-reset-two-factor");
        await page.ClickAsync("#reset-button");
        await page.WaitForSelectorAsync("#one-time-secrets");
        await Pages.CheckAsync(page, "identity-admin-reset-two-factor-done");
        Assert.NotEqual(secret, await page.InnerTextAsync("#totp-secret"));

        var clientId = $"mis-{Guid.NewGuid():N}"[..16];
        await page.ClickAsync("#navigation >> text=Agency clients");
        await page.WaitForSelectorAsync("#clients");
        Assert.True(await page.Locator("#clients tbody tr", new() { HasText = "demo-school-mis" }).CountAsync() == 1);
        await Pages.CheckAsync(page, "identity-admin-clients");
        await page.ClickAsync("#register-link");
        await page.FillAsync("#client-id", "No Spaces Allowed");
        await page.FillAsync("#display-name", "Hyde Park Primary School MIS");
        await page.FillAsync("#organisation-code", "ls1234");
        await page.FillAsync("#organisation-name", "Hyde Park Primary School");
        await page.ClickAsync("#register-button");
        Assert.StartsWith("Client ID must be", await page.InnerTextAsync(".govuk-error-summary a[href='#client-id']"), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "identity-admin-register-client-error");
        await page.FillAsync("#client-id", clientId);
        await page.ClickAsync("#register-button");
        await page.WaitForSelectorAsync("#one-time-secrets");
        await Pages.CheckAsync(page, "identity-admin-client-registered");
        Assert.True((await page.InnerTextAsync("#client-secret")).Length >= 32);

        await page.ClickAsync("#done-link");
        var row = page.Locator("#clients tbody tr", new() { HasText = clientId });
        Assert.Contains("Active", await row.InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("a", new() { HasText = "Revoke" }).ClickAsync();
        await Pages.CheckAsync(page, "identity-admin-revoke-client");
        await page.ClickAsync("#revoke-button");
        await page.WaitForSelectorAsync("#success-banner");
        Assert.Contains("Revoked", await page.Locator("#clients tbody tr", new() { HasText = clientId }).InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedPost_ToSuspendAUser_WithAPractitionersOwnSessionAndToken_IsRefused()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");
        await page.GotoAsync("/children/search");
        var token = await page.Locator("#search-form input[name=__RequestVerificationToken]").InputValueAsync();
        var form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("Reason", "forged");

        var forged = await page.APIRequest.PostAsync("/identity-admin/users/eddie.editor/suspend", new APIRequestContextOptions { Form = form, MaxRedirects = 0 });

        Assert.Equal(302, forged.Status);
        Assert.Contains("/account/access-denied", forged.Headers["location"], StringComparison.Ordinal);
        var admin = await stack.SignedInPageAsync("ada.identity");
        await admin.GotoAsync("/identity-admin/users/eddie.editor");
        Assert.Contains("Active", await admin.InnerTextAsync("#account-status"), StringComparison.Ordinal);
    }

    private static string NewUsername() => $"test.{Guid.NewGuid():N}"[..13];

    /// <summary>Enrols a practitioner with current vetting, straight through the check page; returns
    /// the one-time password and TOTP key the page showed.</summary>
    private static async Task<(string Username, string Password, string Secret)> EnrolVettedAsync(IPage page)
    {
        var username = NewUsername();
        await page.GotoAsync("/identity-admin/enrol");
        await FillUserAsync(page, username);
        await FillVettingAsync(page, reference: "001234567890");
        await page.ClickAsync("#continue-button");
        await page.ClickAsync("#confirm-button");
        await page.WaitForSelectorAsync("#one-time-secrets");
        return (username, await page.InnerTextAsync("#initial-password"), await page.InnerTextAsync("#totp-secret"));
    }

    private static async Task FillUserAsync(IPage page, string username)
    {
        await page.FillAsync("#username", username);
        await page.FillAsync("#display-name", "Robin Test");
        await page.FillAsync("#organisation-code", "lds01");
        await page.FillAsync("#organisation-name", "Leeds Children's Social Work Service");
        await page.CheckAsync("#roles");
    }

    private static async Task FillVettingAsync(IPage page, string reference)
    {
        foreach (var (id, date) in new[] { ("dbs-date", Today.AddYears(-1)), ("training-date", Today.AddMonths(-2)), ("agreement-date", Today.AddMonths(-2)) })
        {
            await page.FillAsync($"#{id}-day", date.Day.ToString(CultureInfo.InvariantCulture));
            await page.FillAsync($"#{id}-month", date.Month.ToString(CultureInfo.InvariantCulture));
            await page.FillAsync($"#{id}-year", date.Year.ToString(CultureInfo.InvariantCulture));
        }

        await page.FillAsync("#dbs-reference", reference);
    }
}
