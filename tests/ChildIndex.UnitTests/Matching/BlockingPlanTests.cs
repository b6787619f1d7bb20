using ChildIndex.Core.Matching;

namespace ChildIndex.UnitTests.Matching;

public sealed class BlockingPlanTests
{
    [Fact]
    public void Window_PastTheLastDate_EndsAtTheLastDate() =>
        Assert.Equal((new DateOnly(9999, 11, 30), DateOnly.MaxValue), BlockingPlan.Window(DateOnly.MaxValue, 31));

    [Fact]
    public void Window_BeforeTheFirstDate_StartsAtTheFirstDate() =>
        Assert.Equal((DateOnly.MinValue, new DateOnly(1, 2, 1)), BlockingPlan.Window(DateOnly.MinValue, 31));

    [Fact]
    public void Window_InsideTheCalendar_IsTheToleranceEitherSide() =>
        Assert.Equal((new DateOnly(2016, 2, 2), new DateOnly(2016, 4, 4)), BlockingPlan.Window(new DateOnly(2016, 3, 4), 31));

    [Theory]
    [InlineData(9999, 12, 31)]
    [InlineData(1, 1, 1)]
    public void Plan_ForADateAtEitherEndOfTheCalendar_HasItsDatePasses(int year, int month, int day)
    {
        var query = new NameQuery("Okafor", "Amara", new DateOnly(year, month, day), null, "LS6 2AB", null);

        var passes = BlockingPlan.For(query, new MatchingOptions());

        Assert.Contains(passes, p => p.Name == "family name, date of birth within tolerance");
        Assert.Contains(passes, p => p.Name == "date of birth, postcode district");
    }

    [Theory]
    [InlineData("date")]
    [InlineData("year")]
    [InlineData("district")]
    public void Plan_WithAGivenName_AlsoLooksForTheNamesSwapped(string with)
    {
        var query = with switch
        {
            "date" => new NameQuery("Amara", "Okafor", new DateOnly(2016, 3, 14), null, null, null),
            "year" => new NameQuery("Amara", "Okafor", null, 2016, null, null),
            _ => new NameQuery("Amara", "Okafor", null, null, null, "LS6"),
        };

        var swapped = Assert.Single(BlockingPlan.For(query, new MatchingOptions()), p => p.Name.StartsWith("given name sound as family name", StringComparison.Ordinal));

        Assert.False(swapped.OnFamilyName);
        Assert.Equal(("Okafor", "Amara"), (query.Swapped!.FamilyName, query.Swapped.GivenName));
        Assert.Null(query.Swapped.Swapped);
    }

    [Fact]
    public void Plan_WithoutAGivenName_HasNoSwappedPass() =>
        Assert.DoesNotContain(BlockingPlan.For(new NameQuery("Okafor", null, new DateOnly(2016, 3, 14), null, null, null), new MatchingOptions()),
            p => p.Name.StartsWith("given name sound as family name", StringComparison.Ordinal));
}
