using ChildIndex.Contracts.V1;

namespace ChildIndex.LoadDriver;

/// <summary>The demo agency system (LS1234) registers under its own identifier for each child, as
/// the directory requires of every agency system; the generator's local ids belong to other
/// organisations.</summary>
internal static class AgencyIdentifier
{
    public static void Replace(RegisterChildRequest registration)
    {
        var identifiers = registration.Identifiers ??= new ChildIdentifiers();
        identifiers.LocalIds.Clear();
        identifiers.LocalIds.Add(new LocalIdentifier { OrganisationCode = "LS1234", Value = "MIS-" + Guid.NewGuid().ToString("N")[..16] });
    }
}
