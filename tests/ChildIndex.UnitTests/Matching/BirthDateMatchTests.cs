using ChildIndex.Core.Matching;

namespace ChildIndex.UnitTests.Matching;

public sealed class BirthDateMatchTests
{
    private static readonly DateOnly Born = new(2016, 3, 14);

    [Fact]
    public void SameDate_IsExact() => Assert.Equal(new Evidence<DateLevel>(DateLevel.Exact, "date of birth matches"), Compare(Born, Born));

    [Fact]
    public void DayAndMonthSwapped_IsForgiven()
    {
        var born = new DateOnly(2016, 3, 4);

        var match = Compare(new DateOnly(2016, 4, 3), born);

        Assert.Equal(new Evidence<DateLevel>(DateLevel.DayMonthSwapped, "date of birth with day and month swapped"), match);
    }

    [Fact]
    public void AFewDaysOut_IsWithinAWeekOrTheTolerance()
    {
        var five = Compare(Born.AddDays(-5), Born)!.Value;
        var thirty = Compare(Born.AddDays(-30), Born)!.Value;

        Assert.Equal(new Evidence<DateLevel>(DateLevel.WithinWeek, "date of birth 5 days apart"), five);
        Assert.Equal(new Evidence<DateLevel>(DateLevel.WithinTolerance, "date of birth 30 days apart"), thirty);
    }

    [Theory]
    [InlineData(2015, 3, 14)]
    [InlineData(2016, 3, 24)]
    [InlineData(2016, 8, 14)]
    public void OneDigitMistyped_IsItsOwnLevel(int year, int month, int day) =>
        Assert.Equal(DateLevel.OneDigit, Compare(new DateOnly(year, month, day), Born)!.Value.Level);

    [Fact]
    public void OutsideTheTolerance_Disagrees() => Assert.Equal(DateLevel.Disagree, Compare(Born.AddDays(40), Born)!.Value.Level);

    [Fact]
    public void TheToleranceIsConfigurable() => Assert.Equal(DateLevel.Disagree, BirthDateMatch.Compare(Query(Born.AddDays(9)), Born, toleranceDays: 8)!.Value.Level);

    [Fact]
    public void YearOnly_MatchesTheYear()
    {
        var query = new NameQuery("Okafor", "Amara", null, 2016, null, null);

        Assert.Equal(new Evidence<DateLevel>(DateLevel.Year, "born in 2016"), BirthDateMatch.Compare(query, Born, 31));
        Assert.Equal(DateLevel.Disagree, BirthDateMatch.Compare(query, Born.AddYears(1), 31)!.Value.Level);
    }

    [Fact]
    public void WithoutDateOrYear_IsNotCompared() =>
        Assert.Null(BirthDateMatch.Compare(new NameQuery("Okafor", null, null, null, "LS6 2AB", null), Born, 31));

    [Theory]
    [InlineData(13)]
    [InlineData(3)]
    public void SwappedDate_ExistsOnlyWhenTheDayCouldBeAMonthAndDiffers(int day) =>
        Assert.Null(Query(new DateOnly(2016, 3, day)).SwappedDateOfBirth);

    private static Evidence<DateLevel>? Compare(DateOnly searched, DateOnly born) => BirthDateMatch.Compare(Query(searched), born, 31);

    private static NameQuery Query(DateOnly dateOfBirth) => new("Okafor", null, dateOfBirth, null, null, null);
}
