using System.Text.Json;
using ChildIndex.Cli;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Identifiers;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>
/// `childindex` end to end: the real command line against the in-process server, signed in as
/// an index administrator (whose token the CLI finds in its credential cache and sends).
/// </summary>
public sealed class CliTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>, IAsyncLifetime, IDisposable
{
    private const string Header = "given_names,family_name,gender,date_of_birth,address_line1,town,postcode,nhs_number";
    private readonly TempFiles _files = new();
    private readonly CliSandbox _sandbox = new(server);

    public async Task InitializeAsync() => _sandbox.UseToken(await server.Identity.TokenForRoleAsync(Roles.IndexAdmin));

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _files.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task Register_CsvWithOneBadRow_RegistersOthersAndReportsTheBadRow()
    {
        var family = TestRequests.NewFamilyName();
        var file = _files.Write("one-bad-row.csv", string.Join('\n',
            Header,
            $"Amara,{family},female,2016-03-14,12 Hyde Park Road,Leeds,LS6 2AB,{TestRequests.NewNhsNumber()}",
            $"Bola,{family},female,2016-03-14,12 Hyde Park Road,Leeds,NOT A POSTCODE,{TestRequests.NewNhsNumber()}",
            $"Chidi,{family},male,2016-03-14,12 Hyde Park Road,Leeds,LS6 2AB,{TestRequests.NewNhsNumber()}"));

        var run = await Cli("register", file);
        var found = await SearchAsync(family);

        Assert.Equal(ExitCodes.PartiallyRefused, run.ExitCode);
        Assert.Contains("2 created, 0 matched existing, 1 refused", run.Output, StringComparison.Ordinal);
        var refusedLine = Assert.Single(run.Output.Split('\n'), line => line.Contains("details.address.postcode", StringComparison.Ordinal));
        Assert.Matches(@"^\W*3\W", refusedLine);
        Assert.Equal(["Amara", "Chidi"], found.Children.Select(c => c.Name.GivenNames).Order());
    }

    [Fact]
    public async Task Register_SameCsvTwice_CreatesNoDuplicates()
    {
        // No NHS numbers: only the derived request_ids can stop the second run creating children.
        var family = TestRequests.NewFamilyName();
        var file = _files.Write("twice.csv", string.Join('\n',
            Header,
            $"Amara,{family},female,2016-03-14,12 Hyde Park Road,Leeds,LS6 2AB,",
            $"Bola,{family},female,2016-03-14,12 Hyde Park Road,Leeds,LS6 2AB,"));

        var first = await Cli("--json", "register", file);
        var second = await Cli("--json", "register", file);
        var found = await SearchAsync(family);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal(ChildIds(first.Output), ChildIds(second.Output));
        Assert.Equal(2, ChildIds(second.Output).Distinct().Count());
        Assert.Equal(2, found.Children.Count);
    }

    [Fact]
    public async Task Register_SameCsvTwice_ReportsTheSecondRunAsAlreadyRegistered_NotCreated()
    {
        var family = TestRequests.NewFamilyName();
        var file = _files.Write("again.csv", string.Join('\n',
            Header,
            $"Amara,{family},female,2016-03-14,12 Hyde Park Road,Leeds,LS6 2AB,{TestRequests.NewNhsNumber()}",
            $"Bola,{family},female,2016-03-14,12 Hyde Park Road,Leeds,LS6 2AB,{TestRequests.NewNhsNumber()}"));

        var first = await Cli("register", file);
        var second = await Cli("register", file);

        Assert.Contains("2 sent: 2 created, 0 matched existing, 0 refused", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("already registered", first.Output, StringComparison.Ordinal);
        Assert.Contains("2 sent: 0 created, 0 matched existing, 0 refused, 2 already registered by an earlier run", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_MalformedCsv_ReportsRowAndSendsNothing()
    {
        var family = TestRequests.NewFamilyName();
        var file = _files.Write("malformed.csv", string.Join('\n',
            Header,
            $"Amara,{family},female,2016-03-14,12 Hyde Park Road,Leeds,LS6 2AB,{TestRequests.NewNhsNumber()}",
            $"Bola,{family},female,2016-03-14,12 \"Hyde\" Park Road,Leeds,LS6 2AB,{TestRequests.NewNhsNumber()}"));

        var run = await Cli("register", file);
        var found = await SearchAsync(family);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: malformed.csv: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("row 3: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Empty(found.Children);
    }

    [Fact]
    public async Task Register_JsonFile_RegistersEveryItem()
    {
        var request = TestRequests.Registration();
        request.RequestId = string.Empty;
        var file = _files.Write("children.json", $"[{JsonFormatter.Default.Format(request)}]");

        var run = await Cli("register", file);
        var found = await SearchAsync(request.Details.Name.FamilyName);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("1 created", run.Output, StringComparison.Ordinal);
        Assert.Equal(request.Identifiers.NhsNumber, (await server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = Assert.Single(found.Children).ChildId })).Identifiers.NhsNumber);
    }

    [Fact]
    public async Task Search_ByFamilyNameAndDob_PrintsTheChild()
    {
        var registered = await RegisterAsync();
        var family = registered.Request.Details.Name.FamilyName;

        var run = await Cli("search", "--purpose", "service-delivery", "--family-name", family, "--dob", "2016-03-14");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(registered.ChildId, run.Output, StringComparison.Ordinal);
        Assert.Contains($"Amara Grace {family}", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 child found", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Search_WithJson_PrintsParsableJson()
    {
        var registered = await RegisterAsync();

        var run = await Cli("search", "--purpose", "service-delivery", "--nhs", registered.Request.Identifiers.NhsNumber, "--json");
        var response = JsonParser.Default.Parse<SearchChildrenResponse>(run.Output);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(registered.ChildId, Assert.Single(response.Children).ChildId);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("search", "--purpose", "service-delivery", "--family-name", "Okafor")]
    [InlineData("search", "--purpose", "service-delivery", "--nhs", "9434765919", "--upn", "A123456789012")]
    [InlineData("search", "--purpose", "service-delivery", "--family-name", "Okafor", "--dob", "14/03/2016")]
    [InlineData("search", "--purpose", "service-delivery", "--nhs", "9434765919", "--postcode", "LS6 2AB")]
    public async Task Search_WithoutCriteria_ExitsWithUsageError(params string[] args)
    {
        var run = await Cli(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Show_ChildWithInvolvement_PrintsWhoIsInvolved()
    {
        var registered = await RegisterAsync();
        await server.Registration.RecordInvolvementAsync(new RecordInvolvementRequest
        {
            ChildId = registered.ChildId,
            RequestId = TestRequests.NewRequestId(),
            Involvement = TestRequests.Involvement(lead: true),
        });

        var run = await Cli("show", "--purpose", "service-delivery", registered.ChildId.ToLowerInvariant());

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var expected in new[]
        {
            registered.ChildId, registered.Request.Identifiers.NhsNumber, "12 Hyde Park Road, Leeds, LS6 2AB", "Ngozi Okafor", "mother",
            "education setting", "Hyde Park Primary School (LS123)", "Jo Bloggs", "Class teacher", "0113 496 0000",
            "jo.bloggs@hydepark.example.sch.uk", "2021-09-01",
        })
        {
            Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Show_UnknownChild_ExitsWithNotFound()
    {
        var unknown = ChildId.Format(ChildId.New());

        var run = await Cli("show", "--purpose", "service-delivery", unknown);

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.EndsWith("(NotFound)", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Show_MalformedChildId_ExitsWithInvalidArgument()
    {
        var run = await Cli("show", "--purpose", "service-delivery", "not-a-child-id");

        Assert.Equal(ExitCodes.InvalidArgument, run.ExitCode);
        Assert.EndsWith("(InvalidArgument)", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains(run.ErrorLines.Skip(1), line => line.StartsWith("  child_id: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("search", "--purpose", "service-delivery", "--nhs", "9434765919")]
    [InlineData("show", "--purpose", "service-delivery", "K7Q2-M9XD-4")]
    [InlineData("register", "FILE")]
    public async Task AnyCommand_ServerUnreachable_ExitsWith5AndOneLineError(params string[] args)
    {
        var file = _files.Write("unreachable.csv", $"{Header}\nAmara,{TestRequests.NewFamilyName()},female,2016-03-14,1 Road,Leeds,LS6 2AB,\n");
        string[] command = ["--server", "http://127.0.0.1:1", .. args.Select(a => a == "FILE" ? file : a)];
        _sandbox.RealNetwork = true;

        var run = await _sandbox.RunAsync(command);

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Equal("error: cannot reach the ChildIndex server at http://127.0.0.1:1 (is ./run.sh running?)", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    private Task<CliRun> Cli(params string[] args) => _sandbox.RunAsync(args);

    private async Task<(RegisterChildRequest Request, string ChildId)> RegisterAsync()
    {
        var request = TestRequests.Registration();
        var response = await server.Registration.RegisterChildAsync(request);
        return (request, response.ChildId);
    }

    private async Task<SearchChildrenResponse> SearchAsync(string familyName) =>
        await server.Directory.SearchChildrenAsync(new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = familyName, DateOfBirth = TestRequests.Date(2016, 3, 14) },
        });

    private static List<string> ChildIds(string registerJson)
    {
        using var summary = JsonDocument.Parse(registerJson);
        return [.. summary.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("childId").GetString()!)];
    }
}
