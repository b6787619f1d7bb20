using System.Globalization;
using ChildIndex.Contracts.V1;

namespace ChildIndex.SyntheticData;

/// <summary>
/// The services involved with a child. An organisation's code always comes with the same name
/// (both derive from the area and a number), as they would from a real directory of services.
/// </summary>
internal sealed partial class ChildFactory
{
    private const int MaxInvolvements = 5;

    // Code suffixes of each local authority's own services, after its three-letter code.
    private const string SocialCareCode = "01";
    private const string EarlyHelpCode = "02";
    private const string YouthJusticeCode = "03";
    private const string CamhsCode = "04";
    private const string HealthVisitingCode = "05";
    private const string SchoolNursingCode = "06";

    private static readonly string[] GpKinds = [" Medical Practice", " Surgery", " Health Centre", " Family Practice"];
    private static readonly string[] NurseryKinds = [" Nursery", " Day Nursery", " Children's Centre Nursery", " Pre-School"];
    private static readonly string[] PrimaryKinds = [" Primary School", " Primary Academy", " Church of England Primary School", " Community Primary School"];
    private static readonly string[] SecondaryKinds = [" Academy", " High School", " School", " Community College"];
    private static readonly string[][] KindSlugs = [.. ((string[][])[NurseryKinds, PrimaryKinds, SecondaryKinds]).Select(k => k.Select(Names.Slug).ToArray())];

    private static readonly string[] WomenTitles = ["Mrs ", "Ms ", "Miss "];
    private static readonly string[] NurseryRoles = ["Nursery manager", "Key person", "Designated safeguarding lead"];
    private static readonly string[] PrimaryRoles = ["Designated safeguarding lead", "Head teacher", "Class teacher", "Learning mentor", "SENCO"];
    private static readonly string[] SecondaryRoles = ["Designated safeguarding lead", "Head of year", "Pastoral manager", "Form tutor", "SENCO"];
    private static readonly string[] CollegeRoles = ["Safeguarding officer", "Personal tutor", "Student support adviser"];
    private static readonly string[] SocialCareRoles = ["Social worker", "Senior social worker", "Advanced practitioner", "Team manager"];
    private static readonly string[] EarlyHelpRoles = ["Family support worker", "Early help practitioner", "Key worker", "Family practitioner"];
    private static readonly string[] YouthJusticeRoles = ["Youth justice officer", "Case manager", "YJS practitioner"];
    private static readonly string[] CamhsRoles = ["Mental health practitioner", "Clinical psychologist", "Consultant psychiatrist", "Family therapist"];

    // Other services: (code suffix, organisation, role).
    private static readonly (string Code, string Organisation, string Role)[] OtherServices =
    [
        ("07", " Speech and Language Therapy Service", "Speech and language therapist"),
        ("08", " Young Carers Service", "Young carers worker"),
        ("09", " Housing Options (Homeless Families)", "Housing officer"),
        ("10", " Educational Psychology Service", "Educational psychologist"),
        ("11", " Children's Disability Team", "Occupational therapist"),
    ];

    private List<Involvement> Involvements(Area area, DateOnly dob, int age, bool knownToSocialCare)
    {
        var list = new List<Involvement>(MaxInvolvements);
        var academicAge = AgeOn(dob, new DateOnly(_schoolYear, 8, 31));
        if (_rng.Chance(9800))
        {
            Add(list, GpPractice(area, dob));
        }

        Education(list, area, dob, age, academicAge);
        if (age < 5 && _rng.Chance(age < 1 ? 9700 : 8500))
        {
            Add(list, HealthVisitor(area, Min(dob.AddDays(_rng.Between(10, 14)), _today), null));
        }
        else if (age is >= 5 and < 8 && _rng.Chance(800))
        {
            // Health visiting hands over to school nursing at five.
            var end = dob.AddYears(5).AddDays(-_rng.Between(0, 90));
            Add(list, HealthVisitor(area, dob.AddDays(_rng.Between(10, 14)), end));
        }

        if (age >= 5 && _rng.Chance(600))
        {
            Add(list, Service(ServiceType.SchoolNurse, area, SchoolNursingCode, " School Nursing Service",
                _rng.Chance(5000) ? string.Concat(area.Name, " School Nursing Team") : null, "School nurse", RecentStart(dob.AddYears(5)), nhs: true));
        }

        if (knownToSocialCare || _rng.Chance(300))
        {
            var social = Service(ServiceType.SocialCare, area, SocialCareCode, " Children's Social Work Service", null, _rng.Pick(SocialCareRoles), RecentStart(dob), nhs: false);
            // Children in care stay open to social care; other episodes often close.
            if (!knownToSocialCare)
            {
                MaybeEnd(social, 4000);
            }

            social.CafCompleted = _rng.Chance(2500);
            Add(list, social);
        }

        if (_rng.Chance(600))
        {
            var earlyHelp = Service(ServiceType.EarlyHelp, area, EarlyHelpCode, " Early Help Service", null, _rng.Pick(EarlyHelpRoles), RecentStart(dob), nhs: false);
            MaybeEnd(earlyHelp, 3500);
            // The Common Assessment Framework is early help's own assessment.
            earlyHelp.CafCompleted = _rng.Chance(6000);
            Add(list, earlyHelp);
        }

        if (age >= 10 && _rng.Chance(age >= 14 ? 300 : 100))
        {
            var youthJustice = Service(ServiceType.YouthOffending, area, YouthJusticeCode, " Youth Justice Service", null, _rng.Pick(YouthJusticeRoles), RecentStart(dob.AddYears(10)), nhs: false);
            MaybeEnd(youthJustice, 3000);
            Add(list, youthJustice);
        }

        if (age >= 4 && _rng.Chance(400))
        {
            var camhs = Service(ServiceType.Camhs, area, CamhsCode, " CAMHS", _rng.Chance(4000) ? string.Concat("CAMHS ", _rng.Pick(Places.Stems), " Team") : null, _rng.Pick(CamhsRoles), RecentStart(dob.AddYears(4)), nhs: true);
            MaybeEnd(camhs, 3000);
            Add(list, camhs);
        }

        if (_rng.Chance(300))
        {
            var (code, organisation, role) = _rng.Pick(OtherServices);
            var other = Service(ServiceType.Other, area, code, organisation, null, role, RecentStart(dob), nhs: code == "07");
            MaybeEnd(other, 3000);
            Add(list, other);
        }

        if (list.Count == 0)
        {
            list.Add(GpPractice(area, dob));
        }

        ChooseLeadProfessional(list);
        return list;
    }

    private static void Add(List<Involvement> list, Involvement involvement)
    {
        if (list.Count < MaxInvolvements)
        {
            list.Add(involvement);
        }
    }

    /// <summary>At most one current lead professional: social care when involved, else early
    /// help or youth justice, sometimes. Ended involvements may have led before.</summary>
    private void ChooseLeadProfessional(List<Involvement> list)
    {
        var led = false;
        foreach (var type in (ReadOnlySpan<ServiceType>)[ServiceType.SocialCare, ServiceType.EarlyHelp, ServiceType.YouthOffending])
        {
            foreach (var involvement in list)
            {
                if (involvement.ServiceType != type)
                {
                    continue;
                }

                if (involvement.EndDate is not null)
                {
                    involvement.LeadProfessional = _rng.Chance(5000);
                }
                else if (!led && (type == ServiceType.SocialCare || _rng.Chance(type == ServiceType.EarlyHelp ? 7500 : 5000)))
                {
                    involvement.LeadProfessional = true;
                    led = true;
                }
            }
        }
    }

    private Involvement GpPractice(Area area, DateOnly dob)
    {
        var k = _rng.Between(10, 69);
        var stem = Places.Stems[(area.Offset + (k * 7)) % Places.Stems.Length];
        var code = string.Concat(area.GpPrefix, Places.ThreeDigits[k]);
        // Most children are registered in their first weeks; others moved practice since.
        var start = _rng.Chance(7000) ? Min(dob.AddDays(_rng.Between(5, 60)), _today) : Between(dob, _today);
        var named = _rng.Chance(7000);
        var (given, family, _) = Person();
        var involvement = new Involvement
        {
            ServiceType = ServiceType.GpPractice,
            Organisation = new Organisation { Code = code, Name = string.Concat(stem, GpKinds[k % GpKinds.Length]) },
            PractitionerName = string.Concat(named ? "Dr " : string.Empty, given.Text, " ", family.Text),
            Role = named ? "GP" : _rng.Chance(5000) ? "Practice safeguarding lead" : "Practice manager",
            StartDate = ToDate(start),
        };
        Contact(involvement, area, string.Concat(code.ToLowerInvariant(), ".admin@nhs.example.org"));
        return involvement;
    }

    private void Education(List<Involvement> list, Area area, DateOnly dob, int age, int academicAge)
    {
        if (academicAge >= 16)
        {
            if (_rng.Chance(8000))
            {
                Add(list, College(area, PhaseStart(academicAge, 16)));
            }
        }
        else if (academicAge >= 11)
        {
            var secondaryStart = PhaseStart(academicAge, 11);
            if (_rng.Chance(9700))
            {
                Add(list, School(area, 2, 12, MovedSince(secondaryStart), SecondaryRoles));
            }

            if (_rng.Chance(2500))
            {
                // The primary school the child left in July.
                var primary = School(area, 1, 40, PhaseStart(academicAge, 4), PrimaryRoles);
                primary.EndDate = ToDate(new DateOnly(secondaryStart.Year, 7, 20));
                Add(list, primary);
            }
        }
        else if (academicAge >= 4)
        {
            if (_rng.Chance(9700))
            {
                Add(list, School(area, 1, 40, MovedSince(PhaseStart(academicAge, 4)), PrimaryRoles));
            }
        }
        else if (age >= 2 && _rng.Chance(6000))
        {
            Add(list, School(area, 0, 10, Between(dob.AddYears(2), _today), NurseryRoles));
        }
    }

    /// <summary>The first days of September in the year the child entered a phase of schooling.</summary>
    private DateOnly PhaseStart(int academicAge, int phaseAge) =>
        Min(new DateOnly(_schoolYear - (academicAge - phaseAge), 9, _rng.Between(1, 7)), _today);

    private DateOnly MovedSince(DateOnly start) => _rng.Chance(1500) ? Between(start, _today) : start;

    /// <summary>A school of the area: phase 0 nursery, 1 primary, 2 secondary; one of the
    /// area's first <paramref name="schools"/> of that phase.</summary>
    private Involvement School(Area area, int phase, int schools, DateOnly start, string[] roles)
    {
        var k = _rng.Next(schools);
        var kinds = phase switch { 0 => NurseryKinds, 1 => PrimaryKinds, _ => SecondaryKinds };
        var s = (area.Offset + (k * 7) + (phase * 13)) % Places.Stems.Length;
        var establishment = (phase switch { 0 => 1000, 1 => 2000, _ => 4000 }) + k;
        var (given, family, woman) = Person();
        var involvement = new Involvement
        {
            ServiceType = ServiceType.EducationSetting,
            Organisation = new Organisation { Code = SchoolCode(area, establishment), Name = string.Concat(Places.Stems[s], kinds[k % kinds.Length]) },
            PractitionerName = string.Concat(woman ? _rng.Pick(WomenTitles) : "Mr ", given.Text, " ", family.Text),
            Role = _rng.Pick(roles),
            StartDate = ToDate(start),
        };
        var mailbox = _rng.Chance(5000) ? "office@" : "safeguarding@";
        Contact(involvement, area, string.Concat(mailbox, Places.StemSlugs[s], KindSlugs[phase][k % kinds.Length], ".", area.Slug, ".sch.example.org"));
        return involvement;
    }

    private Involvement College(Area area, DateOnly start)
    {
        var k = _rng.Next(2);
        var (given, family, _) = Person();
        var involvement = new Involvement
        {
            ServiceType = ServiceType.EducationSetting,
            Organisation = new Organisation { Code = SchoolCode(area, 8000 + k), Name = string.Concat(area.Name, k == 0 ? " College" : " Sixth Form College") },
            PractitionerName = string.Concat(given.Text, " ", family.Text),
            Role = _rng.Pick(CollegeRoles),
            StartDate = ToDate(start),
        };
        Contact(involvement, area, string.Concat("studentsupport@", area.Slug, k == 0 ? "college" : "sixthform", ".ac.example.org"));
        return involvement;
    }

    /// <summary>A DfE LAESTAB number in England and Wales; Scottish schools get a local code.</summary>
    private static string SchoolCode(Area area, int establishment) =>
        area.LaCode is { } la
            ? ((la * 10_000) + establishment).ToString(CultureInfo.InvariantCulture)
            : string.Concat(area.Code, establishment.ToString(CultureInfo.InvariantCulture));

    private Involvement HealthVisitor(Area area, DateOnly start, DateOnly? end)
    {
        var involvement = Service(ServiceType.HealthVisitor, area, HealthVisitingCode, " Health Visiting Service",
            _rng.Chance(5000) ? string.Concat(_rng.Pick(Places.Stems), " Health Visiting Team") : null, "Health visitor", start, nhs: true);
        if (end is { } ended)
        {
            involvement.EndDate = ToDate(Max(ended, start));
        }

        return involvement;
    }

    /// <summary>A local authority or NHS service: a named practitioner, or a team.</summary>
    private Involvement Service(ServiceType type, Area area, string codeSuffix, string organisation, string? team, string role, DateOnly start, bool nhs)
    {
        var (given, family, _) = Person();
        var involvement = new Involvement
        {
            ServiceType = type,
            Organisation = new Organisation { Code = string.Concat(area.Code, codeSuffix), Name = string.Concat(area.Name, organisation) },
            PractitionerName = team ?? string.Concat(given.Text, " ", family.Text),
            Role = role,
            StartDate = ToDate(start),
        };
        var domain = nhs ? "@nhs.example.org" : string.Concat("@", area.Slug, ".example.org");
        Contact(involvement, area, team is null ? string.Concat(given.Slug, ".", family.Slug, domain) : string.Concat(Names.Slug(team), domain));
        return involvement;
    }

    /// <summary>Phone and email, at least one of them, so that practitioners can make contact.</summary>
    private void Contact(Involvement involvement, Area area, string email)
    {
        var roll = _rng.Next(10);
        if (roll < 9)
        {
            involvement.Phone = _rng.Chance(8000) ? string.Concat(area.Landline, Places.ThreeDigits[_rng.Next(1000)]) : Mobile();
        }

        if (roll >= 7)
        {
            involvement.Email = email;
        }
    }

    /// <summary>A start within the last three years, not before the earliest possible date.</summary>
    private DateOnly RecentStart(DateOnly earliest) => Between(Min(Max(earliest, _today.AddYears(-3)), _today), _today);

    private void MaybeEnd(Involvement involvement, int chance)
    {
        if (!_rng.Chance(chance))
        {
            return;
        }

        var start = new DateOnly(involvement.StartDate.Year, involvement.StartDate.Month, involvement.StartDate.Day);
        var end = start.AddDays(_rng.Between(30, 540));
        // An episode that would end in the future is still open.
        if (end <= _today)
        {
            involvement.EndDate = ToDate(end);
        }
    }

    /// <summary>A practitioner: most of the children's workforce are women.</summary>
    private (Name Given, Name Family, bool Woman) Person()
    {
        var origin = Names.PickOrigin(_rng);
        return _rng.Chance(7000)
            ? (_rng.Pick(origin.Girls), _rng.Pick(origin.WifeFamilies), true)
            : (_rng.Pick(origin.Boys), _rng.Pick(origin.Families), false);
    }

    private DateOnly Between(DateOnly first, DateOnly last) =>
        first >= last ? first : DateOnly.FromDayNumber(first.DayNumber + _rng.Next(last.DayNumber - first.DayNumber + 1));

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
