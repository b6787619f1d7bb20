namespace ChildIndex.Core.Records;

/// <summary>
/// The sensitive services of the regulations (SI 2007/2182, reg 11(3) and 6(3)(a)): recorded only
/// with a legal basis, and which one is involved, and how to reach it, is shown to the index team
/// alone; everyone else contacts the index team.
/// </summary>
public static class SensitiveServices
{
    public static bool IsSensitive(this ServiceType serviceType) =>
        serviceType is ServiceType.SexualHealth or ServiceType.MentalHealth or ServiceType.SubstanceMisuse;
}
