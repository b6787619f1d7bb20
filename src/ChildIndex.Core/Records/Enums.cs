namespace ChildIndex.Core.Records;

/// <summary>NHS Data Dictionary PERSON GENDER CODE; the stored value is the NHS code.</summary>
public enum Gender : byte
{
    NotKnown = 0,
    Male = 1,
    Female = 2,
    NotSpecified = 9,
}

public enum OtherNameKind : byte
{
    Alias = 1,
    Former = 2,
}

public enum ResidenceKind : byte
{
    NotKnown = 0,
    Address = 1,
    NoFixedAbode = 2,
}

public enum CarerRelationship : byte
{
    Mother = 1,
    Father = 2,
    StepParent = 3,
    AdoptiveParent = 4,
    Grandparent = 5,
    OtherRelative = 6,
    FosterCarer = 7,
    SpecialGuardian = 8,
    LocalAuthority = 9,
    Other = 10,
}

public enum ServiceType : byte
{
    EducationSetting = 1,
    GpPractice = 2,
    HealthVisitor = 3,
    SchoolNurse = 4,
    SocialCare = 5,
    YouthOffending = 6,
    Camhs = 7,
    EarlyHelp = 8,
    Other = 9,
    SexualHealth = 10,
    MentalHealth = 11,
    SubstanceMisuse = 12,
}

public enum LegalBasis : byte
{
    Consent = 1,
    SignificantHarmSuspected = 2,
}

public enum ShieldReason : byte
{
    DomesticAbuse = 1,
    WitnessProtection = 2,
    OtherRisk = 3,
}

public enum BreakGlassReviewStatus : byte
{
    Open = 1,
    Closed = 2,
}

public enum BreakGlassReviewOutcome : byte
{
    Justified = 1,
    Referred = 2,
}

public enum RecordStatus : byte
{
    Active = 1,
    Archived = 2,
    Deceased = 3,

    /// <summary>Merged into another record of the same child (<see cref="Child.MergedInto"/>).</summary>
    Merged = 4,
}
