using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Net.Client;
using static ChildIndex.IntegrationTests.Matching.MatchingTestKit;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>
/// A shielded child is found by a practitioner only through what its record shows (current name,
/// gender, date of birth, index identifier), never by postcode, another name, NHS number or UPN,
/// and its summary hides where it lives; the index team finds it every way.
/// </summary>
public abstract class ShieldedSearchTests(DirectoryServer server) : IAsyncLifetime
{
    private readonly string _family = TestRequests.NewFamilyName();
    private readonly string _alias = TestRequests.NewFamilyName();
    private readonly string _nhs = TestRequests.NewNhsNumber();
    private readonly string _upn = TestRequests.NewUpn();
    private readonly Google.Type.Date _born = UniqueDate();
    private string _childId = string.Empty;
    private GrpcChannel _practitioner = null!;

    public async Task InitializeAsync()
    {
        var details = Details("Amara", _family, _born, postcode: "LS6 2AB");
        details.OtherNames.Add(new OtherName { Name = new PersonName { GivenNames = "Amara", FamilyName = _alias }, Kind = OtherNameKind.Alias });
        _childId = await RegisterAsync(server, details, _nhs, _upn);
        await ShieldAsync(server, _childId);
        _practitioner = await server.ChannelForRoleAsync(Roles.Practitioner);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Practitioner_FindsAShieldedChildByCurrentNameAndDateOfBirth_WithoutItsWhereabouts()
    {
        var child = Assert.Single((await SearchAsync(_practitioner, new NameSearch { FamilyName = _family, DateOfBirth = _born })).Children);

        Assert.Equal(_childId, child.ChildId);
        Assert.True(child.Shielded);
        Assert.Equal((string.Empty, string.Empty, false), (child.Town, child.Postcode, child.NoFixedAbode));
        Assert.Null(child.MatchedOtherName);
    }

    [Fact]
    public async Task Practitioner_FindsAShieldedChildByIndexIdentifier_WithoutItsWhereabouts()
    {
        var child = Assert.Single((await SearchAsync(_practitioner, new SearchChildrenRequest { ChildId = _childId })).Children);

        Assert.True(child.Shielded);
        Assert.Empty(child.Postcode);
    }

    public static TheoryData<string> HiddenWays => ["postcode", "district", "alias", "nhs", "upn", "name and postcode"];

    [Theory]
    [MemberData(nameof(HiddenWays))]
    public async Task Practitioner_NeverFindsAShieldedChildThroughHiddenFields(string way)
    {
        var found = await SearchAsync(_practitioner, Request(way));

        Assert.DoesNotContain(found.Children, c => c.ChildId == _childId);
        Assert.False(found.MoreResultsAvailable);
    }

    [Theory]
    [MemberData(nameof(HiddenWays))]
    public async Task IndexTeam_FindsAShieldedChildEveryWay(string way)
    {
        var child = Assert.Single((await SearchAsync(server.Channel, Request(way))).Children);

        Assert.Equal(_childId, child.ChildId);
        Assert.True(child.Shielded);
        Assert.Equal(("Leeds", "LS6 2AB"), (child.Town, child.Postcode));
    }

    [Fact]
    public async Task Practitioner_GetsTheSameScoreWhateverPostcodeIsSearchedWith()
    {
        var right = Assert.Single((await SearchAsync(_practitioner, new NameSearch { FamilyName = _family, DateOfBirth = _born, Postcode = "LS6 2AB" })).Children);
        var wrong = Assert.Single((await SearchAsync(_practitioner, new NameSearch { FamilyName = _family, DateOfBirth = _born, Postcode = "M1 1AE" })).Children);

        Assert.Equal(right.Score, wrong.Score);
        Assert.Equal(right.MatchReasons, wrong.MatchReasons);
        Assert.DoesNotContain(right.MatchReasons, r => r.Contains("postcode", StringComparison.Ordinal));
    }

    private SearchChildrenRequest Request(string way) => way switch
    {
        "postcode" => new SearchChildrenRequest { Name = new NameSearch { FamilyName = _family, Postcode = "LS6 2AB" } },
        "district" => new SearchChildrenRequest { Name = new NameSearch { FamilyName = _family, Postcode = "LS6", GivenName = "Amara" } },
        "alias" => new SearchChildrenRequest { Name = new NameSearch { FamilyName = _alias, DateOfBirth = _born } },
        "nhs" => new SearchChildrenRequest { NhsNumber = _nhs },
        "upn" => new SearchChildrenRequest { Upn = _upn },
        _ => new SearchChildrenRequest { Name = new NameSearch { FamilyName = _family, GivenName = "Amara", Postcode = "LS6 2AB" } },
    };
}

public sealed class SqliteShieldedSearchTests(SqliteDirectoryServer server) : ShieldedSearchTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresShieldedSearchTests(PostgresDirectoryServer server) : ShieldedSearchTests(server), IClassFixture<PostgresDirectoryServer>;

/// <summary>Counts and order do not depend on hidden fields: a shielded child in the district
/// searched for is not counted towards "more results" for a practitioner.</summary>
public abstract class ShieldedCountTests(DirectoryServer server)
{
    [Fact]
    public async Task Practitioner_DoesNotCountAShieldedChildFoundOnlyByPostcode()
    {
        var family = TestRequests.NewFamilyName();
        var ids = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            ids.Add(await RegisterAsync(server, Details("Amara", family, UniqueDate(), postcode: "LS6 2AB")));
        }

        await ShieldAsync(server, ids[^1]);
        var practitioner = await server.ChannelForRoleAsync(Roles.Practitioner);

        var seen = await SearchAsync(practitioner, new NameSearch { FamilyName = family, Postcode = "LS6" });
        var all = await SearchAsync(server.Channel, new NameSearch { FamilyName = family, Postcode = "LS6" });

        Assert.Equal(10, seen.Children.Count);
        Assert.False(seen.MoreResultsAvailable);
        Assert.DoesNotContain(seen.Children, c => c.ChildId == ids[^1]);
        Assert.True(all.MoreResultsAvailable);
    }
}

public sealed class SqliteShieldedCountTests(SqliteDirectoryServer server) : ShieldedCountTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresShieldedCountTests(PostgresDirectoryServer server) : ShieldedCountTests(server), IClassFixture<PostgresDirectoryServer>;
