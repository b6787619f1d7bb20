using System.CommandLine;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Shielding;

/// <summary>`childindex reviews list|close`: the index team's review of break-glass overrides.</summary>
public static class ReviewsCommand
{
    private static readonly Dictionary<string, ReviewOutcome> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["justified"] = ReviewOutcome.Justified,
        ["referred"] = ReviewOutcome.Referred,
    };

    public static Command Create(CommandHost host)
    {
        var command = new Command("reviews", "Break-glass reviews (index team): list them, open ones first, and close each with an outcome");
        command.Subcommands.Add(List(host));
        command.Subcommands.Add(Close(host));
        return command;
    }

    private static Command List(CommandHost host)
    {
        var open = new Option<bool>("--open") { Description = "Only the reviews still open" };
        var command = new Command("list", "List break-glass reviews: open ones first (longest waiting first), then closed ones (newest first)") { open };
        ManagementCall.Set(
            host,
            command,
            parsed => new ListBreakGlassReviewsRequest { OpenOnly = parsed.GetValue(open) },
            (client, request, options) => client.ListBreakGlassReviewsAsync(request, options),
            (context, response) => ShieldingTables.WriteReviews(context.Console, response.Reviews));
        return command;
    }

    private static Command Close(CommandHost host)
    {
        var reviewId = new Argument<string>("REVIEW-ID") { Description = "The review's identifier, as `reviews list` shows it" };
        var outcome = new Option<string>("--outcome")
        {
            Description = "justified, or referred (not justified: referred for investigation)",
            HelpName = "OUTCOME",
            Required = true,
        };
        var note = new Option<string>("--note") { Description = "What the review found, up to 200 characters on one line", HelpName = "TEXT", Required = true };
        var command = new Command("close", "Close a break-glass review with its outcome and a note") { reviewId, outcome, note };
        ManagementCall.Set(
            host,
            command,
            parsed => new CloseBreakGlassReviewRequest
            {
                ReviewId = parsed.GetValue(reviewId)!.Trim(),
                Outcome = Outcomes.TryGetValue(parsed.GetValue(outcome)!.Trim(), out var chosen)
                    ? chosen
                    : throw new UsageException($"--outcome '{parsed.GetValue(outcome)}' is not one of {string.Join(", ", Outcomes.Keys)}"),
                ReviewNote = parsed.GetValue(note)!.Trim(),
            },
            (client, request, options) => client.CloseBreakGlassReviewAsync(request, options),
            (context, review) => ShieldingTables.WriteReview(context.Console, review));
        return command;
    }
}
