using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Api.Auditing;
using ChildIndex.IntegrationTests.Audit;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using static ChildIndex.IntegrationTests.Matching.MatchingTestKit;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>Nobody can browse the index: minimum criteria, at most ten children, and a per-user
/// rate limit.</summary>
public abstract class AntiTrawlingTests(DirectoryServer server)
{
    [Theory]
    [InlineData("", "", 0, "", "name.family_name,name.date_of_birth")]
    [InlineData("Smith", "", 0, "", "name.date_of_birth")]
    [InlineData("Smith", "Oliver", 0, "", "name.date_of_birth")]
    [InlineData("Smith", "", 2015, "", "name.given_name")]
    [InlineData("Smith", "Oliver", 2015, "LS", "name.postcode")]
    [InlineData("Smith", "Oliver", 1850, "", "name.birth_year")]
    public async Task Search_WithoutTheMinimumCriteria_IsRefusedNamingTheFields(string family, string given, int year, string postcode, string fields)
    {
        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () =>
            SearchAsync(server.Channel, new NameSearch { FamilyName = family, GivenName = given, BirthYear = year, Postcode = postcode }));

        Assert.Equal(fields.Split(','), RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task Search_WithMoreThanTenMatches_ReturnsTheBestTenAndAdvisesWhatToAdd_AndTheTrailSaysSo()
    {
        var family = TestRequests.NewFamilyName();
        var born = UniqueDate();
        var call = server.Registration.RegisterChildren();
        for (var i = 0; i < 12; i++)
        {
            await call.RequestStream.WriteAsync(TestRequests.Registration(Details(i == 11 ? "Kwame" : "Amara", family, born)));
        }

        await call.RequestStream.CompleteAsync();
        await foreach (var result in call.ResponseStream.ReadAllAsync())
        {
            Assert.NotNull(result.Registered);
        }

        var before = await AuditTestKit.NewestSequenceAsync(server);
        var found = await SearchAsync(server.Channel, new NameSearch { FamilyName = family, Postcode = "LS6" });
        var broadRecord = Assert.Single(await AuditTestKit.CallRecordsAfterAsync(server, before), r => r.Search?.Name?.FamilyName == family);
        var narrowed = await SearchAsync(server.Channel, new NameSearch { FamilyName = family, Postcode = "LS6", GivenName = "Kwame", DateOfBirth = born });

        Assert.Equal(10, found.Children.Count);
        Assert.True(found.MoreResultsAvailable);
        Assert.Equal(
            "more than 10 children match: add a given name (name.given_name), the date of birth (name.date_of_birth) or the full postcode instead of the district (name.postcode) to narrow the search",
            found.NarrowingAdvice);
        // A given name that disagrees lowers a child's score without ruling it out (ADR 14): the
        // right child comes first, strong; the others sharing family name, date and district follow
        // as possible matches, still at most 10.
        Assert.Equal("Kwame", narrowed.Children[0].Name.GivenNames);
        Assert.Equal(MatchBand.Strong, narrowed.Children[0].MatchBand);
        Assert.Equal(10, narrowed.Children.Count);
        Assert.All(narrowed.Children.Skip(1), c => Assert.Equal(MatchBand.Possible, c.MatchBand));
        Assert.Equal(found.Children.Select(c => c.ChildId), broadRecord.ResultChildIds);
        Assert.Equal(AuditDescriber.MoreCandidates, broadRecord.Detail);
    }
}

public sealed class SqliteAntiTrawlingTests(SqliteDirectoryServer server) : AntiTrawlingTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresAntiTrawlingTests(PostgresDirectoryServer server) : AntiTrawlingTests(server), IClassFixture<PostgresDirectoryServer>;

/// <summary>A directory that allows each user three searches a minute.</summary>
public sealed class RateLimitedDirectoryServer() : DirectoryServer(TestDatabase.Sqlite)
{
    public const int PerMinute = 3;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings =>
        new Dictionary<string, string?> { ["SEARCH_RATE_LIMIT_PER_MINUTE"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

public sealed class SearchRateLimitTests(RateLimitedDirectoryServer server) : IClassFixture<RateLimitedDirectoryServer>
{
    [Fact]
    public async Task Search_FasterThanTheLimit_IsRefusedAsResourceExhaustedForThatUserOnly()
    {
        var request = new SearchChildrenRequest { NhsNumber = TestRequests.NewNhsNumber() };
        for (var i = 0; i < RateLimitedDirectoryServer.PerMinute; i++)
        {
            await SearchAsync(server.Channel, request.Clone());
        }

        var error = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => SearchAsync(server.Channel, request.Clone()));
        var otherUser = await SearchAsync(await server.ChannelForRoleAsync(Roles.Practitioner), request.Clone());

        Assert.Contains("at most 3 a minute", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(otherUser.Children);
    }
}
