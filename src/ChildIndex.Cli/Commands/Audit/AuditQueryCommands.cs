using System.CommandLine;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Audit;

/// <summary>`childindex audit query | who-accessed | misuse`: reading the trail on the server.</summary>
public static class AuditQueryCommands
{
    public static IEnumerable<Command> Create(CommandHost host) => [Query(host), WhoAccessed(host), Misuse(host)];

    private static Command Query(CommandHost host)
    {
        var actor = new Option<string>("--actor")
        {
            Description = "Only this actor: a person's subject (the last line of Actor in the table) or an agency system's client id",
            HelpName = "SUBJECT",
        };
        var organisation = new Option<string>("--org") { Description = "Only actors of this organisation", HelpName = "CODE" };
        var child = new Option<string>("--child") { Description = "Only records that name this child (index identifier, XXXX-XXXX-C)", HelpName = "ID" };
        var action = new Option<string>("--action")
        {
            Description = "Only this action: GetChild, SearchChildren, RegisterChild, SignInSucceeded ... (or in full: childindex.v1.ChildDirectory/GetChild)",
            HelpName = "NAME",
        };
        var outcome = new Option<string>("--outcome")
        {
            Description = "Only this outcome: OK, PERMISSION_DENIED, INVALID_ARGUMENT, NOT_FOUND ...; for sign-in events FAILED, REFUSED",
            HelpName = "OUTCOME",
        };
        var from = AuditCommand.From();
        var to = AuditCommand.To();
        var limit = AuditCommand.Limit("records");
        var command = new Command(
            "query",
            "Audit records matching every filter given, newest first: who (name, organisation, roles), when, what, the outcome, " +
            "the stated purpose, the children, and for searches the criteria and the children returned")
        {
            actor, organisation, child, action, outcome, from, to, limit,
        };
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var (start, end) = AuditCommand.ReadRange(parsed, from, to);
            var request = new QueryAuditRequest
            {
                ActorSubject = parsed.GetValue(actor)?.Trim() ?? string.Empty,
                OrganisationCode = parsed.GetValue(organisation)?.Trim() ?? string.Empty,
                ChildId = parsed.GetValue(child)?.Trim() ?? string.Empty,
                Action = parsed.GetValue(action)?.Trim() ?? string.Empty,
                Outcome = parsed.GetValue(outcome)?.Trim() ?? string.Empty,
                From = start,
                To = end,
            };
            var (records, next) = await AuditCommand.PagesAsync(AuditCommand.ReadLimit(parsed, limit), async (size, token) =>
            {
                var page = request.Clone();
                page.PageSize = size;
                page.PageToken = token;
                var response = await context.Connection.Audit.QueryAuditAsync(page, await context.CallOptionsAsync(cancellationToken));
                return (response.Records, response.NextPageToken);
            });
            if (context.Json)
            {
                await ProtoJson.WriteAsync(context.Output, new QueryAuditResponse { Records = { records }, NextPageToken = next });
            }
            else
            {
                AuditTables.WriteRecords(context.Console, records, more: next.Length > 0);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command WhoAccessed(CommandHost host)
    {
        var childId = new Argument<string>("CHILD-ID") { Description = "The child's index identifier, XXXX-XXXX-C" };
        var limit = AuditCommand.Limit("accesses");
        var command = new Command(
            "who-accessed",
            "Every access to one child, newest first: who looked, when, the purpose and justification they stated, and the outcome")
        {
            childId, limit,
        };
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var child = parsed.GetValue(childId)?.Trim() ?? string.Empty;
            var (records, next) = await AuditCommand.PagesAsync(AuditCommand.ReadLimit(parsed, limit), async (size, token) =>
            {
                var request = new WhoAccessedChildRequest { ChildId = child, PageSize = size, PageToken = token };
                var response = await context.Connection.Audit.WhoAccessedChildAsync(request, await context.CallOptionsAsync(cancellationToken));
                return (response.Records, response.NextPageToken);
            });
            if (context.Json)
            {
                await ProtoJson.WriteAsync(context.Output, new WhoAccessedChildResponse { Records = { records }, NextPageToken = next });
            }
            else
            {
                AuditTables.WriteAccesses(context.Console, child, records, more: next.Length > 0);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Misuse(CommandHost host)
    {
        var from = AuditCommand.From();
        var to = AuditCommand.To();
        var command = new Command(
            "misuse",
            "Patterns of possible misuse in a time range (the whole trail by default): more look-ups in an hour than the threshold, " +
            "searches for the user's own family name, look-ups outside working hours")
        {
            from, to,
        };
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var (start, end) = AuditCommand.ReadRange(parsed, from, to);
            var request = new MisuseReportRequest { From = start, To = end };
            var report = await context.Connection.Audit.MisuseReportAsync(request, await context.CallOptionsAsync(cancellationToken));
            if (context.Json)
            {
                await ProtoJson.WriteAsync(context.Output, report);
            }
            else
            {
                AuditTables.WriteFindings(context.Console, report);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
