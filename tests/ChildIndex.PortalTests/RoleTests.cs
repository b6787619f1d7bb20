using ChildIndex.PortalTests.Infrastructure;
using Microsoft.Playwright;

namespace ChildIndex.PortalTests;

[Collection(PortalTestGroup.Name)]
public sealed class RoleTests(PortalProduct stack)
{
    public static TheoryData<string, string[], string[]> RolePages => new()
    {
        { "pat.practitioner", ["Find a child"], ["/audit", "/audit/who-accessed", "/index-team/reviews", "/identity-admin/users"] },
        { "eddie.editor", ["Find a child"], ["/audit", "/index-team/reviews", "/identity-admin/enrol"] },
        { "sam.safeguarding", ["Find a child"], ["/audit/misuse", "/index-team/reviews", "/identity-admin/clients"] },
        { "ida.index", ["Find a child", "Break-glass reviews"], ["/audit", "/audit/verify", "/identity-admin/users/pat.practitioner"] },
        { "sol.security", ["Audit trail", "Who accessed a child", "Misuse report", "Trail verification"], ["/children/search", "/index-team/reviews", "/identity-admin/register-client"] },
        { "ada.identity", ["Users", "Agency clients"], ["/children/search", "/audit", "/index-team/reviews"] },
    };

    [Theory]
    [MemberData(nameof(RolePages))]
    public async Task EachRole_SeesOnlyItsOwnNavigation_AndIsRefusedOtherRolesPages(string username, string[] navigation, string[] refused)
    {
        var page = await stack.SignedInPageAsync(username);

        Assert.Equal(navigation, await page.Locator("#navigation a").AllInnerTextsAsync());
        foreach (var path in refused)
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            Assert.True(await page.Locator("#access-denied").IsVisibleAsync(), $"{username} at {path}");
        }

        await Pages.CheckAsync(page, $"access-denied-{username.Split('.')[0]}");
    }

    [Fact]
    public async Task ForgedPost_ToTheAuditTrail_WithAPractitionersOwnSessionAndToken_IsRefused()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");
        await page.GotoAsync("/children/search");
        var token = await page.Locator("#search-form input[name=__RequestVerificationToken]").InputValueAsync();

        var forged = await page.APIRequest.PostAsync("/audit", new APIRequestContextOptions
        {
            Form = FormWith(page.APIRequest, ("__RequestVerificationToken", token), ("ChildId", stack.ShieldedChildId)),
            MaxRedirects = 0,
        });

        Assert.Equal(302, forged.Status);
        Assert.EndsWith("/account/access-denied?ReturnUrl=%2Faudit", forged.Headers["location"], StringComparison.Ordinal);
        Assert.DoesNotContain("audit-records", await forged.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutAnAntiforgeryToken_IsRefusedEvenOnTheUsersOwnPage()
    {
        var page = await stack.SignedInPageAsync("pat.practitioner");

        var forged = await page.APIRequest.PostAsync("/children/search", new APIRequestContextOptions
        {
            Form = FormWith(page.APIRequest, ("Purpose", "service-delivery"), ("FamilyName", "okafor davies"), ("DobDay", "14"), ("DobMonth", "3"), ("DobYear", "2017")),
            MaxRedirects = 0,
        });

        Assert.Equal(400, forged.Status);
        Assert.DoesNotContain("Okafor", await forged.TextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static IFormData FormWith(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
