using ChildIndex.Contracts.V1;
using Spectre.Console;
using static ChildIndex.Cli.Output.TableParts;

namespace ChildIndex.Cli.Output;

/// <summary>Shields, break-glass grants and their reviews as the index team and safeguarding leads read them.</summary>
public static class ShieldingTables
{
    public static void WriteState(IAnsiConsole console, ShieldingState state)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(state);
        console.WriteLine(state.Shielded
            ? $"shielded {state.ChildId} ({Reason(state.Reason)}) at {Labels.Time(state.ShieldedAt)}: others now see only the child's name, gender, date of birth and carers' names"
            : $"lifted the shield of {state.ChildId}: everyone sees the whole record again");
    }

    public static void WriteGrant(IAnsiConsole console, BreakGlassGrant grant)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(grant);
        console.WriteLine($"BREAK-GLASS: {grant.ChildId} is open to you until {Labels.Time(grant.ExpiresAt)}.");
        console.WriteLine($"This access is recorded in the audit trail and will be reviewed by the index team (review {grant.ReviewId}).");
        console.WriteLine();
    }

    public static void WriteReviews(IAnsiConsole console, IReadOnlyCollection<BreakGlassReview> reviews)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(reviews);
        if (reviews.Count == 0)
        {
            console.WriteLine("no break-glass reviews");
            return;
        }

        var table = new Table().AddColumns("Review", "Status", "Child ID", "User", "Organisation", "Opened", "Until", "Justification", "Outcome", "Note");
        foreach (var review in reviews)
        {
            table.AddRow(Cells(
            [
                review.ReviewId,
                Status(review.Status),
                review.ChildId,
                review.UserName,
                review.OrganisationCode,
                Labels.Time(review.OpenedAt),
                Labels.Time(review.ExpiresAt),
                review.Justification,
                Outcome(review.Outcome),
                review.ReviewNote,
            ]));
        }

        console.Write(table);
        var open = reviews.Count(r => r.Status == ReviewStatus.Open);
        console.WriteLine($"{reviews.Count} review(s), {open} open");
    }

    public static void WriteReview(IAnsiConsole console, BreakGlassReview review)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(review);
        console.WriteLine($"closed review {review.ReviewId} of {review.ChildId} ({review.UserName}, {review.OrganisationCode}): {Outcome(review.Outcome)}");
    }

    public static string Reason(ShieldReason reason) => reason switch
    {
        ShieldReason.DomesticAbuse => "domestic abuse",
        ShieldReason.WitnessProtection => "witness protection",
        ShieldReason.OtherRisk => "other risk",
        _ => "no reason given",
    };

    private static string Status(ReviewStatus status) => status == ReviewStatus.Open ? "open" : "closed";

    private static string Outcome(ReviewOutcome outcome) => outcome switch
    {
        ReviewOutcome.Justified => "justified",
        ReviewOutcome.Referred => "referred for investigation",
        _ => string.Empty,
    };

    // Text, not Markup: justifications and names are data, and a "[" in one must not be read as style.
}
