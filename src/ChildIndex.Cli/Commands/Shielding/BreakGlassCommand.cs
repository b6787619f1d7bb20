using System.CommandLine;
using System.Text.Json.Nodes;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Shielding;

/// <summary>
/// `childindex break-glass CHILD-ID`: a safeguarding lead opens one shielded record in full, for
/// themselves and for a short time, then sees it. The access is marked in the audit trail and the
/// index team reviews it: the command says so before it shows anything.
/// </summary>
public static class BreakGlassCommand
{
    public static Command Create(CommandHost host)
    {
        var childId = ShieldCommands.ChildIdArgument();
        var justification = ShieldCommands.Justification("Why the record must be opened now, 10 to 200 characters on one line (reviewed by the index team)", required: true);
        var command = new Command(
            "break-glass",
            "Override a shield on one record for a few minutes (safeguarding leads): the access is recorded and reviewed by the index team")
        {
            childId, justification,
        };
        var purpose = new PurposeOptions();
        purpose.AddTo(command);
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var request = new BreakGlassRequest
            {
                ChildId = parsed.GetValue(childId)!.Trim(),
                Justification = parsed.GetValue(justification)!.Trim(),
                Purpose = purpose.Read(parsed),
            };
            var grant = await context.Connection.Management.BreakGlassAsync(request, await context.CallOptionsAsync(cancellationToken));
            if (!context.Json)
            {
                // Said before the record is fetched: if that fails, the user still knows the glass is
                // broken, until when, and which review the index team will hold.
                ShieldingTables.WriteGrant(context.Console, grant);
            }

            var record = await context.Connection.Directory.GetChildAsync(
                new GetChildRequest { ChildId = grant.ChildId, Purpose = request.Purpose }, await context.CallOptionsAsync(cancellationToken));
            if (context.Json)
            {
                // One document for scripts: the grant and the record it opened.
                var both = new JsonObject { ["grant"] = JsonNode.Parse(ProtoJson.Format(grant)), ["record"] = JsonNode.Parse(ProtoJson.Format(record)) };
                await context.Output.WriteLineAsync(both.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                ChildTables.WriteRecord(context.Console, record);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
