using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Records;

public abstract class SearchTests(DirectoryServer server)
{
    [Fact]
    public async Task Search_ByFamilyNameIgnoringCaseAccentsAndPunctuation_FindsChild()
    {
        var family = "O'Néil-" + TestRequests.NewFamilyName();
        var registered = await Register(TestRequests.Details(family));
        var typed = family.Replace("'", "", StringComparison.Ordinal).Replace("-", " ", StringComparison.Ordinal).Replace('é', 'e').ToUpperInvariant();

        var found = await SearchByName(typed, dateOfBirth: TestRequests.Date(2016, 3, 14));

        var child = Assert.Single(found.Children);
        Assert.Equal(registered.ChildId, child.ChildId);
        Assert.Equal(family, child.Name.FamilyName);
        Assert.Equal("Leeds", child.Town);
        Assert.Null(child.MatchedOtherName);
    }

    [Fact]
    public async Task Search_ByFormerName_FindsChildAndSaysWhichNameMatched()
    {
        var former = TestRequests.NewFamilyName();
        var details = TestRequests.Details();
        details.OtherNames.Add(new OtherName { Name = new PersonName { GivenNames = "Amara", FamilyName = former }, Kind = OtherNameKind.Former });
        var registered = await Register(details);

        var found = await SearchByName(former, dateOfBirth: details.DateOfBirth);

        var child = Assert.Single(found.Children);
        Assert.Equal(registered.ChildId, child.ChildId);
        Assert.Equal(details.Name.FamilyName, child.Name.FamilyName);
        Assert.Equal(former, child.MatchedOtherName.FamilyName);
    }

    [Fact]
    public async Task Search_ByFamilyNameAndPostcode_FindsOnlyTheChildAtThatPostcode()
    {
        var family = TestRequests.NewFamilyName();
        var inLeeds = await Register(TestRequests.Details(family, postcode: "LS6 2AB"));
        await Register(TestRequests.Details(family, postcode: "M1 1AE"));

        var found = await SearchByName(family.ToLowerInvariant(), postcode: "ls62ab");

        Assert.Equal(inLeeds.ChildId, Assert.Single(found.Children).ChildId);
    }

    [Fact]
    public async Task Search_WithGivenName_RanksChildrenWithThatGivenNameFirst_AndTheOthersAsPossible()
    {
        var family = TestRequests.NewFamilyName();
        var amara = await Register(TestRequests.Details(family));
        var other = TestRequests.Details(family);
        other.Name.GivenNames = "Kwame";
        var kwame = await Register(other);

        var found = await SearchByName(family, dateOfBirth: TestRequests.Date(2016, 3, 14), givenName: "grace");

        Assert.Equal([amara.ChildId, kwame.ChildId], found.Children.Select(c => c.ChildId));
        Assert.Equal([MatchBand.Strong, MatchBand.Possible], found.Children.Select(c => c.MatchBand));
        Assert.Contains("given name does not match", found.Children[1].MatchReasons);
    }

    [Fact]
    public async Task Search_ByEachIdentifier_FindsTheChild()
    {
        var request = TestRequests.Registration();
        request.Identifiers.Upn = TestRequests.NewUpn();
        var registered = await server.Registration.RegisterChildAsync(request);

        var byId = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), ChildId = registered.ChildId.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal) });
        var byNhs = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), NhsNumber = request.Identifiers.NhsNumber.Insert(3, " ").Insert(7, " ") });
        var byUpn = await server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), Upn = request.Identifiers.Upn });

        Assert.Equal(registered.ChildId, Assert.Single(byId.Children).ChildId);
        Assert.Equal(registered.ChildId, Assert.Single(byNhs.Children).ChildId);
        Assert.Equal(registered.ChildId, Assert.Single(byUpn.Children).ChildId);
    }

    [Fact]
    public async Task Search_WithMoreMatchesThanTheCap_ReturnsTenAndSaysThereAreMore()
    {
        var family = TestRequests.NewFamilyName();
        var call = server.Registration.RegisterChildren();
        for (var i = 0; i < 11; i++)
        {
            await call.RequestStream.WriteAsync(TestRequests.Registration(TestRequests.Details(family)));
        }

        await call.RequestStream.CompleteAsync();
        await foreach (var result in call.ResponseStream.ReadAllAsync())
        {
            Assert.NotNull(result.Registered);
        }

        var found = await SearchByName(family, dateOfBirth: TestRequests.Date(2016, 3, 14));

        Assert.Equal(10, found.Children.Count);
        Assert.True(found.MoreResultsAvailable);
        Assert.Contains("name.given_name", found.NarrowingAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithFamilyNameAlone_IsRefusedNamingTheMissingCriterion()
    {
        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose(), Name = new NameSearch { FamilyName = "Smith" } }).ResponseAsync);

        Assert.Equal(["name.date_of_birth"], RpcAssert.ViolatedFields(error));
    }

    [Theory]
    [InlineData("Sm*")]
    [InlineData("%")]
    [InlineData("Smi_h")]
    public async Task Search_WithWildcards_IsRefused(string familyName)
    {
        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => SearchByName(familyName, dateOfBirth: TestRequests.Date(2016, 3, 14)));

        Assert.Equal(["name.family_name"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task Search_WithoutAStatedPurpose_IsRefused()
    {
        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Directory.SearchChildrenAsync(
            new SearchChildrenRequest { NhsNumber = "9434765919" }).ResponseAsync);

        Assert.Equal(["purpose.code"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task GetChild_WithoutAStatedPurpose_IsRefusedBeforeAnythingIsRead()
    {
        var registered = await Register(TestRequests.Details());

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Directory.GetChildAsync(
            new GetChildRequest { ChildId = registered.ChildId }).ResponseAsync);

        Assert.Equal(["purpose.code"], RpcAssert.ViolatedFields(error));
        Assert.DoesNotContain("Leeds", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetChild_WithAJustificationOverTheLimit_IsRefused()
    {
        var registered = await Register(TestRequests.Details());
        var purpose = TestRequests.Purpose();
        purpose.Justification = new string('x', 201);

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => server.Directory.GetChildAsync(
            new GetChildRequest { ChildId = registered.ChildId, Purpose = purpose }).ResponseAsync);

        Assert.Equal(["purpose.justification"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task Search_WithoutCriteria_IsRefused()
    {
        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => server.Directory.SearchChildrenAsync(new SearchChildrenRequest { Purpose = TestRequests.Purpose() }).ResponseAsync);

        Assert.Equal(["criteria"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task GetChild_WithMistypedIdentifier_IsRefusedAsInvalid()
    {
        var registered = await Register(TestRequests.Details());
        var mistyped = registered.ChildId[..^1] + (registered.ChildId[^1] == '0' ? '1' : '0');

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = mistyped }).ResponseAsync);

        Assert.Equal(["child_id"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task GetChild_WithUnknownIdentifier_IsNotFound()
    {
        var unknown = Core.Identifiers.ChildId.Format(Core.Identifiers.ChildId.New());

        var error = await RpcAssert.FailsWith(StatusCode.NotFound,
            () => server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = unknown }).ResponseAsync);

        Assert.Contains(unknown, error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<RegisterChildResponse> Register(ChildDetails details) =>
        await server.Registration.RegisterChildAsync(TestRequests.Registration(details));

    private async Task<SearchChildrenResponse> SearchByName(string familyName, Google.Type.Date? dateOfBirth = null, string postcode = "", string givenName = "") =>
        await server.Directory.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = familyName, DateOfBirth = dateOfBirth, Postcode = postcode, GivenName = givenName },
        });
}

public sealed class SqliteSearchTests(SqliteDirectoryServer server) : SearchTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresSearchTests(PostgresDirectoryServer server) : SearchTests(server), IClassFixture<PostgresDirectoryServer>;
