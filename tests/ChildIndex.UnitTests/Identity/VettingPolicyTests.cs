using ChildIndex.Identity.Core.Accounts;

namespace ChildIndex.UnitTests.Identity;

public sealed class VettingPolicyTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private readonly VettingPolicy _policy = new(new VettingOptions());

    [Fact]
    public void Evaluate_RecentDbsTrainingAndAgreement_IsCurrent()
    {
        var status = _policy.Evaluate(Person(dbs: Today.AddYears(-1), training: Today.AddMonths(-2)), Today);

        Assert.True(status.Current);
        Assert.Null(status.Problem);
    }

    [Fact]
    public void Evaluate_DbsOlderThanThreeYears_IsNotCurrentAndSaysWhenVettingExpired()
    {
        var dbs = Today.AddYears(-3).AddDays(-1);

        var status = _policy.Evaluate(Person(dbs: dbs, training: Today.AddMonths(-2)), Today);

        Assert.False(status.Current);
        Assert.Contains("vetting expired on 2026-06-14", status.Problem, StringComparison.Ordinal);
        Assert.Contains("DBS", status.Problem, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 6, 14), status.ExpiresOn);
    }

    [Fact]
    public void Evaluate_DbsOneDayShortOfThreeYears_IsStillCurrent()
    {
        var status = _policy.Evaluate(Person(dbs: Today.AddYears(-3).AddDays(1), training: Today.AddMonths(-2)), Today);

        Assert.True(status.Current);
        Assert.Equal(Today.AddDays(1), status.ExpiresOn);
    }

    [Fact]
    public void Evaluate_DbsExactlyThreeYearsOld_HasExpiredToday()
    {
        var status = _policy.Evaluate(Person(dbs: Today.AddYears(-3), training: Today.AddMonths(-2)), Today);

        Assert.False(status.Current);
        Assert.Contains("vetting expired on 2026-06-15", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TrainingOlderThanOneYear_IsNotCurrentAndSaysWhenVettingExpired()
    {
        var training = Today.AddYears(-1).AddDays(-10);

        var status = _policy.Evaluate(Person(dbs: Today.AddYears(-1), training: training), Today);

        Assert.False(status.Current);
        Assert.Contains("vetting expired on 2026-06-05", status.Problem, StringComparison.Ordinal);
        Assert.Contains("training", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AgreementNotSigned_IsNotCurrent()
    {
        var status = _policy.Evaluate(Person(dbs: Today.AddYears(-1), training: Today.AddMonths(-2), agreementSigned: false), Today);

        Assert.False(status.Current);
        Assert.Contains("agreement", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoDbsCheckOrNoTraining_IsNotCurrentWithoutAnExpiry()
    {
        var noDbs = _policy.Evaluate(Person(dbs: null, training: Today.AddMonths(-2)), Today);
        var noTraining = _policy.Evaluate(Person(dbs: Today.AddYears(-1), training: null), Today);

        Assert.False(noDbs.Current);
        Assert.Null(noDbs.ExpiresOn);
        Assert.Contains("DBS", noDbs.Problem, StringComparison.Ordinal);
        Assert.False(noTraining.Current);
        Assert.Null(noTraining.ExpiresOn);
        Assert.Contains("training", noTraining.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExpiryIsTheEarlierOfDbsAndTrainingExpiry()
    {
        // Training lapses first (in 10 months); the DBS check would hold for another year.
        var trainingFirst = _policy.Evaluate(Person(dbs: Today.AddYears(-1), training: Today.AddMonths(-2)), Today);

        // The DBS check lapses first (in a month); training would hold for 11 more months.
        var dbsFirst = _policy.Evaluate(Person(dbs: Today.AddYears(-3).AddMonths(1), training: Today.AddMonths(-1)), Today);

        Assert.Equal(Today.AddMonths(-2).AddYears(1), trainingFirst.ExpiresOn);
        Assert.Equal(Today.AddMonths(1), dbsFirst.ExpiresOn);
        Assert.True(trainingFirst.Current);
        Assert.True(dbsFirst.Current);
    }

    [Fact]
    public void Evaluate_ValidityYearsAreConfigurable()
    {
        var lenient = new VettingPolicy(new VettingOptions { DbsValidityYears = 5, TrainingValidityYears = 2, AgreementRequired = false });
        var person = Person(dbs: Today.AddYears(-4), training: Today.AddMonths(-18), agreementSigned: false);

        var underDefaults = _policy.Evaluate(person, Today);
        var underLenient = lenient.Evaluate(person, Today);

        Assert.False(underDefaults.Current);
        Assert.True(underLenient.Current);
        Assert.Equal(Today.AddMonths(-18).AddYears(2), underLenient.ExpiresOn);
    }

    [Fact]
    public void Evaluate_ShorterConfiguredDbsValidity_ExpiresSooner()
    {
        var strict = new VettingPolicy(new VettingOptions { DbsValidityYears = 1 });
        var dbs = Today.AddYears(-2);

        var status = strict.Evaluate(Person(dbs: dbs, training: Today.AddMonths(-1)), Today);

        Assert.False(status.Current);
        Assert.Contains($"vetting expired on {dbs.AddYears(1):yyyy-MM-dd}", status.Problem, StringComparison.Ordinal);
    }

    private static User Person(DateOnly? dbs, DateOnly? training, bool agreementSigned = true) => new()
    {
        Username = "pat.practitioner",
        DisplayName = "Pat Okoro",
        OrganisationCode = "LS1234",
        OrganisationName = "Hyde Park Primary School",
        Roles = "practitioner",
        PasswordHash = "unused",
        ProtectedTotpSecret = "unused",
        DbsCheckDate = dbs,
        DbsCertificateReference = dbs is null ? null : "001234567890",
        TrainingCompletedDate = training,
        AgreementSignedDate = agreementSigned ? Today.AddMonths(-2) : null,
    };
}
