using ChildIndex.Cli;
using ChildIndex.Cli.Input;
using ChildIndex.Contracts.V1;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>The CLI's file readers on their own: no server involved.</summary>
public sealed class RegistrationFileTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void CsvReader_QuotedFields_KeepCommasQuotesAndLineBreaks()
    {
        var records = CsvReader.Parse("a,b,c\r\n\"Flat 2, Court\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nx,,\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["Flat 2, Court", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(["x", "", ""], records[2].Fields);
        Assert.Equal(4, records[2].Line);
    }

    [Fact]
    public void CsvReader_BlankLines_AreSkipped()
    {
        var records = CsvReader.Parse("a\n\n1\n\n");

        Assert.Equal([1, 3], records.Select(r => r.Line));
    }

    [Theory]
    [InlineData("a,b\n1,\"open\n2,3\n", "row 2: ")]
    [InlineData("a,b\n1,2\n3,x\"y\n", "row 3: ")]
    [InlineData("a,b\n1,\"2\"x\n", "row 2: ")]
    public void CsvReader_MalformedRow_NamesItsRow(string text, string expected)
    {
        var error = Assert.Throws<InputFileException>(() => CsvReader.Parse(text));

        Assert.StartsWith(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_ColumnsInAnyOrder_AreReadByName()
    {
        var items = CsvRegistrations.Parse(
            "postcode,FAMILY_NAME,date_of_birth,given_names,gender,nhs_number\n" +
            "LS6 2AB,Okafor,2016-03-14,Amara Grace,female,9434765919\n");

        var request = Assert.Single(items).Request;
        Assert.Equal("Amara Grace", request.Details.Name.GivenNames);
        Assert.Equal("Okafor", request.Details.Name.FamilyName);
        Assert.Equal(Gender.Female, request.Details.Gender);
        Assert.Equal(new Google.Type.Date { Year = 2016, Month = 3, Day = 14 }, request.Details.DateOfBirth);
        Assert.Equal("LS6 2AB", request.Details.Address.Postcode);
        Assert.Equal("9434765919", request.Identifiers.NhsNumber);
        Assert.Equal(2, items[0].Row);
    }

    [Fact]
    public void Csv_EveryColumn_FillsTheRequest()
    {
        var items = CsvRegistrations.Parse(
            string.Join(',', CsvRegistrations.Columns) + "\n" +
            "0b6f6f4e-2c1e-4d5b-9a43-5e0c9b1f2a77,Zoë,O'Neil,not-specified,2019-07-02,\"Flat 2, Court\",Lane,,Leeds,LS5 3BT,no," +
            "9434765919,A123456789012,LS123,MIS-1,former:Zoe/Van Der Berg|Zoey Ann O'Neil," +
            "Siobhan,O'Neil,mother,yes,0113 496 0101,s@example.org,Pat,Doyle,foster-carer,0,,\n");

        var request = Assert.Single(items).Request;
        Assert.Equal("0b6f6f4e-2c1e-4d5b-9a43-5e0c9b1f2a77", request.RequestId);
        Assert.Equal(Gender.NotSpecified, request.Details.Gender);
        Assert.Equal(["Flat 2, Court", "Lane"], request.Details.Address.Lines);
        Assert.Equal("Leeds", request.Details.Address.Town);
        Assert.Equal("A123456789012", request.Identifiers.Upn);
        Assert.Equal(new LocalIdentifier { OrganisationCode = "LS123", Value = "MIS-1" }, Assert.Single(request.Identifiers.LocalIds));
        Assert.Equal(
            [
                new OtherName { Kind = OtherNameKind.Former, Name = new PersonName { GivenNames = "Zoe", FamilyName = "Van Der Berg" } },
                new OtherName { Kind = OtherNameKind.Alias, Name = new PersonName { GivenNames = "Zoey Ann", FamilyName = "O'Neil" } },
            ],
            request.Details.OtherNames);
        Assert.Equal(2, request.Details.Carers.Count);
        Assert.Equal(CarerRelationship.Mother, request.Details.Carers[0].Relationship);
        Assert.True(request.Details.Carers[0].HasParentalResponsibility);
        Assert.Equal("s@example.org", request.Details.Carers[0].Email);
        Assert.Equal(CarerRelationship.FosterCarer, request.Details.Carers[1].Relationship);
        Assert.False(request.Details.Carers[1].HasParentalResponsibility);
    }

    [Fact]
    public void Csv_NoFixedAbode_SetsTheMarkerAndNoAddress()
    {
        var request = Assert.Single(CsvRegistrations.Parse("family_name,no_fixed_abode\nOkafor,true\n")).Request;

        Assert.Equal(ChildDetails.ResidenceOneofCase.NoFixedAbode, request.Details.ResidenceCase);
    }

    [Fact]
    public void Csv_UnknownColumn_IsRefusedByName()
    {
        var error = Assert.Throws<InputFileException>(() => CsvRegistrations.Parse("family_name,case_notes\nOkafor,x\n"));

        Assert.Contains(error.Problems, p => p == "row 1: unknown column 'case_notes'");
    }

    [Fact]
    public void Csv_ValuesThatCannotBeSent_AreAllReportedWithTheirRows()
    {
        var error = Assert.Throws<InputFileException>(() => CsvRegistrations.Parse(
            "family_name,gender,date_of_birth,other_names\n" +
            "Okafor,f,2016-03-14,\n" +
            "Okafor,female,14/03/2016,\n" +
            "Okafor,female,2016-03-14,Madonna\n" +
            "Okafor,female\n"));

        Assert.Equal(["row 2: gender", "row 3: date_of_birth", "row 4: other_names", "row 5: 2"], error.Problems.Select(p => string.Join(' ', p.Split(' ').Take(3))));
    }

    [Fact]
    public void Json_ArrayOfRequests_AcceptsProtoAndJsonFieldNames()
    {
        var items = JsonRegistrations.Parse("""
            [
              {"details": {"name": {"givenNames": "Amara", "family_name": "Okafor"}, "gender": "GENDER_FEMALE"}},
              {"requestId": "0b6f6f4e-2c1e-4d5b-9a43-5e0c9b1f2a77", "identifiers": {"nhsNumber": "9434765919"}}
            ]
            """);

        Assert.Equal([1, 2], items.Select(i => i.Row));
        Assert.Equal("Okafor", items[0].Request.Details.Name.FamilyName);
        Assert.Equal(Gender.Female, items[0].Request.Details.Gender);
        Assert.Equal("9434765919", items[1].Request.Identifiers.NhsNumber);
    }

    [Theory]
    [InlineData("[{\"details\": {}}, {\"detials\": {}}]", "item 2: ")]
    [InlineData("[{\"details\": {}}, 7]", "item 2: ")]
    [InlineData("[{\"details\": ", "")]
    [InlineData("{\"details\": {}}", "")]
    public void Json_Malformed_IsRefusedBeforeSending(string text, string expected)
    {
        var error = Assert.Throws<InputFileException>(() => JsonRegistrations.Parse(text));

        Assert.All(error.Problems, p => Assert.StartsWith(expected, p, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RowsWithoutRequestId_GetTheSameIdOnEveryRead()
    {
        var file = _files.Write("ids.csv", "request_id,family_name\n,Okafor\n,Okafor-Smith\n0b6f6f4e-2c1e-4d5b-9a43-5e0c9b1f2a77,Okafor\n");

        var first = RegistrationFile.Read(file);
        var second = RegistrationFile.Read(file);

        Assert.Equal(first.Select(i => i.Request.RequestId), second.Select(i => i.Request.RequestId));
        Assert.NotEqual(first[0].Request.RequestId, first[1].Request.RequestId);
        Assert.Equal("0b6f6f4e-2c1e-4d5b-9a43-5e0c9b1f2a77", first[2].Request.RequestId);
        Assert.True(Guid.TryParseExact(first[0].Request.RequestId, "D", out var id));
        Assert.Equal(8, id.Version);
    }

    [Fact]
    public void DerivedRequestId_DependsOnContentNotColumnOrder()
    {
        var a = CsvRegistrations.Parse("family_name,given_names\nOkafor,Amara\n")[0].Request;
        var b = CsvRegistrations.Parse("given_names,family_name\nAmara,Okafor\n")[0].Request;

        Assert.Equal(RegistrationFile.DerivedRequestId(a), RegistrationFile.DerivedRequestId(b));
    }

    [Fact]
    public void Read_OtherExtension_IsAUsageError()
    {
        var file = _files.Write("children.txt", "family_name\nOkafor\n");

        Assert.Throws<UsageException>(() => RegistrationFile.Read(file));
    }
}
