using System.CommandLine;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands;

/// <summary>`childindex show CHILD-ID`: the child's whole record, with every service involved.</summary>
public static class ShowCommand
{
    public static Command Create(CommandHost host)
    {
        var childId = new Argument<string>("CHILD-ID") { Description = "The index identifier, XXXX-XXXX-C (any case, hyphens optional)" };
        var command = new Command("show", "Show a child's record: details, other names, carers, identifiers and the services involved")
        {
            childId,
        };
        var purpose = new PurposeOptions();
        purpose.AddTo(command);
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var request = new GetChildRequest { ChildId = parsed.GetValue(childId) ?? string.Empty, Purpose = purpose.Read(parsed) };
            var record = await context.Connection.Directory.GetChildAsync(request, await context.CallOptionsAsync(cancellationToken));
            if (context.Json)
            {
                await ProtoJson.WriteAsync(context.Output, record);
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
