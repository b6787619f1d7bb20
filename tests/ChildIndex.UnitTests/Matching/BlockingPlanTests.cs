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
}
