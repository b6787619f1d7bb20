using ChildIndex.Core.Retention;

namespace ChildIndex.UnitTests.Retention;

public sealed class RetentionPolicyTests
{
    private static readonly DateOnly Born = new(2008, 6, 15);

    [Fact]
    public void Child_TheDayBeforeTheir18thBirthday_IsKept_AndArchivedOnIt()
    {
        var facts = Facts();

        Assert.Equal(RetentionAction.None, RetentionPolicy.Decide(facts, new DateOnly(2026, 6, 14)).Action);
        var onTheDay = RetentionPolicy.Decide(facts, new DateOnly(2026, 6, 15));
        Assert.Equal(RetentionAction.Archive, onTheDay.Action);
        Assert.Equal(new DateOnly(2026, 6, 15), onTheDay.ArchiveDue);
    }

    [Theory]
    [InlineData(RetentionExtension.CareLeaver)]
    [InlineData(RetentionExtension.LearningDifficulty)]
    public void ExtensionWithConsent_KeepsTheRecordUntil25(RetentionExtension extension)
    {
        var facts = Facts() with { Extension = extension };

        Assert.Equal(RetentionAction.None, RetentionPolicy.Decide(facts, new DateOnly(2026, 6, 15)).Action);
        Assert.Equal(RetentionAction.None, RetentionPolicy.Decide(facts, new DateOnly(2033, 6, 14)).Action);
        Assert.Equal(RetentionAction.Archive, RetentionPolicy.Decide(facts, new DateOnly(2033, 6, 15)).Action);
    }

    [Fact]
    public void RecordedDeath_KeepsTheRecordOneYear_EvenPastThe18thBirthday()
    {
        var facts = Facts() with { DateOfDeath = new DateOnly(2026, 3, 1) };

        Assert.Equal(RetentionAction.None, RetentionPolicy.Decide(facts, new DateOnly(2026, 6, 15)).Action);
        Assert.Equal(RetentionAction.None, RetentionPolicy.Decide(facts, new DateOnly(2027, 2, 28)).Action);
        Assert.Equal(RetentionAction.Archive, RetentionPolicy.Decide(facts, new DateOnly(2027, 3, 1)).Action);
    }

    [Fact]
    public void RecordedDeathOfAYoungChild_ArchivesOneYearLater()
    {
        var facts = Facts() with { DateOfBirth = new DateOnly(2020, 1, 10), DateOfDeath = new DateOnly(2024, 5, 2) };

        Assert.Equal(new DateOnly(2025, 5, 2), RetentionPolicy.ArchiveDue(facts));
    }

    [Fact]
    public void ArchivedRecord_IsPurgedSixYearsAfterArchiving()
    {
        var facts = Facts() with { ArchivedOn = new DateOnly(2026, 6, 15) };

        Assert.Equal(RetentionAction.None, RetentionPolicy.Decide(facts, new DateOnly(2032, 6, 14)).Action);
        var due = RetentionPolicy.Decide(facts, new DateOnly(2032, 6, 15));
        Assert.Equal(RetentionAction.Purge, due.Action);
        Assert.Equal(new DateOnly(2032, 6, 15), due.PurgeDue);
    }

    [Fact]
    public void LegalHold_StopsThePurge_NotTheArchive()
    {
        var active = Facts() with { LegalHold = true };
        var archived = active with { ArchivedOn = new DateOnly(2026, 6, 15) };

        Assert.Equal(RetentionAction.Archive, RetentionPolicy.Decide(active, new DateOnly(2026, 6, 15)).Action);
        Assert.Equal(RetentionAction.HeldFromPurge, RetentionPolicy.Decide(archived, new DateOnly(2040, 1, 1)).Action);
    }

    [Fact]
    public void BornOn29February_AttainsAgeOn1MarchInOtherYears()
    {
        var leapling = Facts() with { DateOfBirth = new DateOnly(2008, 2, 29) };

        Assert.Equal(new DateOnly(2026, 3, 1), RetentionPolicy.ArchiveDue(leapling));
        Assert.Equal(RetentionAction.None, RetentionPolicy.Decide(leapling, new DateOnly(2026, 2, 28)).Action);
        Assert.Equal(new DateOnly(2032, 2, 29), RetentionPolicy.Anniversary(new DateOnly(2008, 2, 29), 24));
    }

    [Fact]
    public void ArchivedRecord_IsSeenByTheIndexTeamForAYear_ThenOnlyForASeriousEnquiry()
    {
        var archivedOn = new DateOnly(2026, 6, 15);

        Assert.Equal(ArchivedAccess.IndexTeam, RetentionPolicy.AccessToArchived(archivedOn, new DateOnly(2027, 6, 14)));
        Assert.Equal(ArchivedAccess.SeriousEnquiryOnly, RetentionPolicy.AccessToArchived(archivedOn, new DateOnly(2027, 6, 15)));
    }

    private static RetentionFacts Facts() => new(Born, null, RetentionExtension.None, null, LegalHold: false);
}
