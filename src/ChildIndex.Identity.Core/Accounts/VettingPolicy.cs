namespace ChildIndex.Identity.Core.Accounts;

/// <summary>How long each part of a person's vetting lasts. Defaults follow ContactPoint: an
/// enhanced DBS check renewed every 3 years, training every year, a signed user agreement.</summary>
public sealed class VettingOptions
{
    public int DbsValidityYears { get; set; } = 3;
    public int TrainingValidityYears { get; set; } = 1;
    public bool AgreementRequired { get; set; } = true;
}

/// <summary>Whether a person's vetting holds on a day, until when, and if not, why.</summary>
public sealed record VettingStatus(bool Current, DateOnly? ExpiresOn, string? Problem);

public sealed class VettingPolicy(VettingOptions options)
{
    public VettingStatus Evaluate(User user, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.DbsCheckDate is not { } dbs)
        {
            return new VettingStatus(false, null, "no enhanced DBS check is recorded");
        }

        if (user.TrainingCompletedDate is not { } training)
        {
            return new VettingStatus(false, null, "no completed training is recorded");
        }

        var dbsExpires = dbs.AddYears(options.DbsValidityYears);
        var trainingExpires = training.AddYears(options.TrainingValidityYears);
        var expires = dbsExpires < trainingExpires ? dbsExpires : trainingExpires;
        if (today >= dbsExpires)
        {
            return new VettingStatus(false, expires, $"vetting expired on {dbsExpires:yyyy-MM-dd}: the enhanced DBS check is more than {options.DbsValidityYears} years old");
        }

        if (today >= trainingExpires)
        {
            return new VettingStatus(false, expires, $"vetting expired on {trainingExpires:yyyy-MM-dd}: training is more than {options.TrainingValidityYears} year(s) old");
        }

        if (options.AgreementRequired && user.AgreementSignedDate is null)
        {
            return new VettingStatus(false, expires, "the user agreement has not been signed");
        }

        return new VettingStatus(true, expires, null);
    }
}
