using ChildIndex.Core.Matching;

namespace ChildIndex.UnitTests.Matching;

public sealed class BirthDateMatchTests
{
    private static readonly DateOnly Born = new(2016, 3, 14);

    [Fact]
    public void SameDate_ScoresOne() => Assert.Equal(new FieldMatch(1, "date of birth matches"), Compare(Born, Born));

    [Fact]
    public void DayAndMonthSwapped_IsForgiven()
    {
        var born = new DateOnly(2016, 3, 4);

        var match = Compare(new DateOnly(2016, 4, 3), born);

        Assert.Equal(new FieldMatch(BirthDateMatch.Swapped, "date of birth with day and month swapped"), match);
    }

    [Fact]
    public void AFewDaysOut_ScoresLessTheFurtherOut()
    {
        var three = Compare(Born.AddDays(3), Born)!;
        var thirty = Compare(Born.AddDays(-30), Born)!;

        Assert.Equal("date of birth 3 days apart", three.Reason);
        Assert.Equal("date of birth 30 days apart", thirty.Reason);
        Assert.True(three.Score > thirty.Score);
        Assert.InRange(thirty.Score, BirthDateMatch.WithinToleranceWorst, BirthDateMatch.WithinToleranceBest);
    }

    [Fact]
    public void OutsideTheTolerance_ScoresZero() => Assert.Equal(0, Compare(Born.AddDays(32), Born)!.Score);

    [Fact]
    public void TheToleranceIsConfigurable() => Assert.Equal(0, BirthDateMatch.Compare(Query(Born.AddDays(8)), Born, toleranceDays: 7)!.Score);

    [Fact]
    public void YearOnly_MatchesTheYear()
    {
        var query = new NameQuery("Okafor", "Amara", null, 2016, null, null);

        Assert.Equal(new FieldMatch(1, "born in 2016"), BirthDateMatch.Compare(query, Born, 31));
        Assert.Equal(0, BirthDateMatch.Compare(query, Born.AddYears(1), 31)!.Score);
    }

    [Fact]
    public void WithoutDateOrYear_IsNotCompared() =>
        Assert.Null(BirthDateMatch.Compare(new NameQuery("Okafor", null, null, null, "LS6 2AB", null), Born, 31));

    [Theory]
    [InlineData(13)]
    [InlineData(3)]
    public void SwappedDate_ExistsOnlyWhenTheDayCouldBeAMonthAndDiffers(int day) =>
        Assert.Null(Query(new DateOnly(2016, 3, day)).SwappedDateOfBirth);

    private static FieldMatch? Compare(DateOnly searched, DateOnly born) => BirthDateMatch.Compare(Query(searched), born, 31);

    private static NameQuery Query(DateOnly dateOfBirth) => new("Okafor", null, dateOfBirth, null, null, null);
}
