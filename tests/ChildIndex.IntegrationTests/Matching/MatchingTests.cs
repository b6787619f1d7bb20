using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using static ChildIndex.IntegrationTests.Matching.MatchingTestKit;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>Each forgiven error of real life, through the running service.</summary>
public abstract class MatchingTests(DirectoryServer server)
{
    [Fact]
    public async Task Search_ByAFamilyNameThatSoundsTheSame_FindsTheChildAndSaysWhy()
    {
        var born = UniqueDate();
        var id = await RegisterAsync(server, Details("Amara", "Smyth", born));

        var child = await FindAsync(new NameSearch { FamilyName = "Smith", DateOfBirth = born }, id);

        Assert.Contains("family name sounds the same (SM0)", child.MatchReasons);
        Assert.InRange(child.Score, 0.75, 0.99);
    }

    [Theory]
    [InlineData("transposition")]
    [InlineData("deletion")]
    [InlineData("doubled")]
    [InlineData("substitution")]
    public async Task Search_WithATypoInTheFamilyName_FindsTheChild(string typo)
    {
        var born = UniqueDate();
        var family = TestRequests.NewFamilyName();
        var id = await RegisterAsync(server, Details("Amara", family, born));
        var typed = typo switch
        {
            "transposition" => string.Concat(family[..5], family[6], family[5], family[7..]),
            "deletion" => family.Remove(6, 1),
            "doubled" => family.Insert(6, family[6].ToString()),
            _ => string.Concat(family[..6], family[6] == 'x' ? 'y' : 'x', family[7..]),
        };

        var child = await FindAsync(new NameSearch { FamilyName = typed, GivenName = "Amara", DateOfBirth = born }, id);

        Assert.Contains(child.MatchReasons, r => r.StartsWith("family name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_WithTheFirstLetterOfTheFamilyNameWrong_FindsTheChildByGivenNameAndDate()
    {
        var born = UniqueDate();
        var id = await RegisterAsync(server, Details("Kwabena", "Mensah", born));

        var child = await FindAsync(new NameSearch { FamilyName = "Nensah", GivenName = "Kwabena", DateOfBirth = born }, id);

        Assert.Contains("family name spelt similarly", child.MatchReasons);
    }

    [Fact]
    public async Task Search_WithoutAccents_FindsATransliteratedName()
    {
        var born = UniqueDate();
        var id = await RegisterAsync(server, Details("Ngọc", "Nguyễn", born));

        var child = await FindAsync(new NameSearch { FamilyName = "NGUYEN", GivenName = "ngoc", DateOfBirth = born }, id);

        Assert.Equal(1, child.Score);
    }

    [Theory]
    [InlineData("William", "Bill", "nickname Bill for William")]
    [InlineData("Alexander", "Sasha", "nickname Sasha for Alexander")]
    [InlineData("Mohammed", "Muhammad", "other spelling Muhammad for Mohammed")]
    [InlineData("Siobhán", "Shivaun", "other spelling Shivaun for Siobhán")]
    public async Task Search_ByAShortFormOrOtherSpellingOfTheGivenName_FindsTheChild(string given, string searched, string reason)
    {
        var born = UniqueDate();
        var family = TestRequests.NewFamilyName();
        var id = await RegisterAsync(server, Details(given, family, born));

        var child = await FindAsync(new NameSearch { FamilyName = family, GivenName = searched, DateOfBirth = born }, id);

        Assert.Contains(reason, child.MatchReasons);
    }

    [Fact]
    public async Task Search_ByEitherPartOfAHyphenatedFamilyName_FindsTheChild()
    {
        var born = UniqueDate();
        var first = TestRequests.NewFamilyName();
        var second = TestRequests.NewFamilyName();
        var id = await RegisterAsync(server, Details("Zoë", $"{first}-{second}", born));

        var byFirst = await FindAsync(new NameSearch { FamilyName = first, DateOfBirth = born }, id);
        var bySecond = await FindAsync(new NameSearch { FamilyName = second, DateOfBirth = born }, id);

        Assert.Contains("part of a double-barrelled family name matches", byFirst.MatchReasons);
        Assert.Contains("part of a double-barrelled family name matches", bySecond.MatchReasons);
    }

    [Fact]
    public async Task Search_ByAnAlias_FindsTheChildAndNamesTheAlias()
    {
        var born = UniqueDate();
        var alias = TestRequests.NewFamilyName();
        var details = Details("Amara", TestRequests.NewFamilyName(), born);
        details.OtherNames.Add(new OtherName { Name = new PersonName { GivenNames = "Amy", FamilyName = alias }, Kind = OtherNameKind.Alias });
        var id = await RegisterAsync(server, details);

        var child = await FindAsync(new NameSearch { FamilyName = alias, GivenName = "Amy", DateOfBirth = born }, id);

        Assert.Equal(alias, child.MatchedOtherName.FamilyName);
        Assert.Contains("alias", child.MatchReasons);
    }

    [Theory]
    [InlineData(12, 25, 10)]
    [InlineData(1, 4, -10)]
    [InlineData(6, 10, 10)]
    public async Task Search_WithASoundAlikeFamilyNameAndADateAcrossTheNewYear_FindsTheChild(int month, int day, int daysOut)
    {
        // Only the sound-alike pass over the date window finds this child: the family names differ,
        // and the dates are ten days apart, past the given name's one-week pass. The window spans two
        // birth years, each read on its own; the row of 10 June checks the same search within one year.
        var year = 2009 + Random.Shared.Next(12);
        var born = new DateOnly(year, month, day);
        var id = await RegisterAsync(server, Details("Amara", "Smyth", TestRequests.Date(born.Year, born.Month, born.Day)));
        var typed = born.AddDays(daysOut);

        var child = await FindAsync(new NameSearch { FamilyName = "Smith", GivenName = "Amara", DateOfBirth = TestRequests.Date(typed.Year, typed.Month, typed.Day) }, id);

        Assert.Contains("family name sounds the same (SM0)", child.MatchReasons);
    }

    [Fact]
    public async Task Search_WithADateOfBirthAFewDaysOut_FindsTheChild()
    {
        var born = UniqueDate();
        var family = TestRequests.NewFamilyName();
        var id = await RegisterAsync(server, Details("Amara", family, born));
        var typed = new DateOnly(born.Year, born.Month, born.Day).AddDays(5);

        var child = await FindAsync(new NameSearch { FamilyName = family, DateOfBirth = TestRequests.Date(typed.Year, typed.Month, typed.Day) }, id);

        Assert.Contains("date of birth 5 days apart", child.MatchReasons);
    }

    [Fact]
    public async Task Search_WithADateOfBirthOutsideTheTolerance_DoesNotFindTheChild()
    {
        var born = UniqueDate();
        var family = TestRequests.NewFamilyName();
        await RegisterAsync(server, Details("Amara", family, born));
        var typed = new DateOnly(born.Year, born.Month, born.Day).AddDays(45);

        var found = await SearchAsync(server.Channel, new NameSearch { FamilyName = family, DateOfBirth = TestRequests.Date(typed.Year, typed.Month, typed.Day) });

        Assert.Empty(found.Children);
    }

    [Fact]
    public async Task Search_WithDayAndMonthSwapped_FindsTheChild()
    {
        var family = TestRequests.NewFamilyName();
        var id = await RegisterAsync(server, Details("Amara", family, TestRequests.Date(2015, 3, 11)));

        var child = await FindAsync(new NameSearch { FamilyName = family, DateOfBirth = TestRequests.Date(2015, 11, 3) }, id);

        Assert.Contains("date of birth with day and month swapped", child.MatchReasons);
    }

    [Fact]
    public async Task Search_ByYearOfBirthWithAGivenName_FindsTheChild()
    {
        var family = TestRequests.NewFamilyName();
        var id = await RegisterAsync(server, Details("Amara", family, TestRequests.Date(2013, 7, 9)));

        var child = await FindAsync(new NameSearch { FamilyName = family, GivenName = "Amara", BirthYear = 2013 }, id);

        Assert.Equal(["family name matches", "given name matches", "born in 2013"], child.MatchReasons);
    }

    [Fact]
    public async Task Search_ByPostcodeDistrict_FindsTheChild()
    {
        var family = TestRequests.NewFamilyName();
        var id = await RegisterAsync(server, Details("Amara", family, UniqueDate(), postcode: "LS6 2AB"));

        var child = await FindAsync(new NameSearch { FamilyName = family, Postcode = "ls6" }, id);

        Assert.Contains("postcode district LS6", child.MatchReasons);
    }

    [Fact]
    public async Task Search_RanksTheExactNameAboveOneThatSoundsTheSame()
    {
        // A given name no other test here registers: the other tests' Amaras, at random dates, were
        // now and then close enough to this date for the search's date window to list one third.
        var born = UniqueDate();
        var smith = await RegisterAsync(server, Details("Ottoline", "Smith", born));
        var smyth = await RegisterAsync(server, Details("Ottoline", "Smyth", born));

        var found = await SearchAsync(server.Channel, new NameSearch { FamilyName = "Smith", GivenName = "Ottoline", DateOfBirth = born });

        Assert.Equal([smith, smyth], found.Children.Select(c => c.ChildId));
        Assert.Equal(1, found.Children[0].Score);
        Assert.True(found.Children[1].Score < 1);
    }

    [Fact]
    public async Task Search_ByIdentifier_ScoresOneAndSaysWhich()
    {
        var nhs = TestRequests.NewNhsNumber();
        var id = await RegisterAsync(server, Details("Amara", TestRequests.NewFamilyName(), UniqueDate()), nhs);

        var child = Assert.Single((await SearchAsync(server.Channel, new SearchChildrenRequest { NhsNumber = nhs })).Children);

        Assert.Equal((id, 1.0, "NHS number matches"), (child.ChildId, child.Score, Assert.Single(child.MatchReasons)));
    }

    [Theory]
    [InlineData(9999, 12, 31)]
    [InlineData(9999, 12, 1)]
    public async Task Search_ByADateOfBirthAtTheEndOfTheCalendar_AnswersWithoutFailing(int year, int month, int day)
    {
        // The tolerance window runs past the last date there is: it ends there instead.
        var found = await SearchAsync(server.Channel, new NameSearch { FamilyName = TestRequests.NewFamilyName(), GivenName = "Amara", DateOfBirth = TestRequests.Date(year, month, day) });

        Assert.Empty(found.Children);
        Assert.False(found.MoreResultsAvailable);
    }

    private async Task<ChildSummary> FindAsync(NameSearch name, string childId)
    {
        var found = await SearchAsync(server.Channel, name);
        var child = found.Children.FirstOrDefault(c => c.ChildId == childId);
        Assert.True(child is not null, $"child {childId} not found; found {string.Join(", ", found.Children.Select(c => c.ChildId))}");
        return child;
    }
}

public sealed class SqliteMatchingTests(SqliteDirectoryServer server) : MatchingTests(server), IClassFixture<SqliteDirectoryServer>;

public sealed class PostgresMatchingTests(PostgresDirectoryServer server) : MatchingTests(server), IClassFixture<PostgresDirectoryServer>;
