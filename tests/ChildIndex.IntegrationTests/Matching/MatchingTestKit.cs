using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>Registration and search helpers for the matching tests. Each test makes its own
/// children with a family name no other test uses, or a date of birth drawn at random, so that
/// tests sharing a database never find each other's children.</summary>
internal static class MatchingTestKit
{
    public static Google.Type.Date UniqueDate(int maxDay = 28)
    {
        var day = DateOnly.FromDayNumber(new DateOnly(2008, 1, 1).DayNumber + Random.Shared.Next(4700));
        return TestRequests.Date(day.Year, day.Month, Math.Min(day.Day, maxDay));
    }

    public static ChildDetails Details(string givenNames, string familyName, Google.Type.Date dateOfBirth, string postcode = "LS6 2AB")
    {
        var details = TestRequests.Details(familyName, dateOfBirth, postcode);
        details.Name.GivenNames = givenNames;
        return details;
    }

    public static async Task<string> RegisterAsync(DirectoryServer server, ChildDetails details, string? nhsNumber = null, string? upn = null)
    {
        var request = TestRequests.Registration(details, nhsNumber);
        if (upn is not null)
        {
            request.Identifiers.Upn = upn;
        }

        return (await server.Registration.RegisterChildAsync(request)).ChildId;
    }

    public static async Task<SearchChildrenResponse> SearchAsync(GrpcChannel channel, NameSearch name) =>
        await new ChildDirectory.ChildDirectoryClient(channel).SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), Name = name });

    public static async Task<SearchChildrenResponse> SearchAsync(GrpcChannel channel, SearchChildrenRequest request)
    {
        request.Purpose = TestRequests.Purpose();
        return await new ChildDirectory.ChildDirectoryClient(channel).SearchChildrenAsync(request);
    }

    /// <summary>Shields a child beneath the service, as the shield RPC does: the record and its keys.</summary>
    public static async Task ShieldAsync(DirectoryServer server, string childId)
    {
        Assert.True(Core.Identifiers.ChildId.TryParse(childId, out var indexId));
        await using var db = server.CreateDbContext();
        var id = await db.Children.Where(c => c.IndexId == indexId).Select(c => c.Id).SingleAsync();
        await db.Children.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Shielded, true));
        await db.SearchKeys.Where(k => k.ChildId == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.Shielded, true));
    }
}
