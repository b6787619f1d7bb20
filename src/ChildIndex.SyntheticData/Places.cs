using ChildIndex.Contracts.V1;

namespace ChildIndex.SyntheticData;

/// <summary>
/// A local authority area: its post town, its real postcode districts, its DfE LA number (for
/// UPNs) and an Ofcom drama-range telephone prefix, so that no generated number can ring anyone.
/// </summary>
internal sealed class Area
{
    private readonly Weighted _origins;

    public Area(string name, string postTown, string code, int? laCode, string gpPrefix, string landline, int weight, string outwardCodes, params (string Origin, int Times)[] boost)
    {
        Name = name;
        PostTown = postTown;
        Code = code;
        LaCode = laCode;
        GpPrefix = gpPrefix;
        Landline = landline;
        Weight = weight;
        Outward = outwardCodes.Split(' ');
        Slug = Names.Slug(name);
        Offset = (code[0] * 7) + (code[1] * 3) + code[2];

        // The national mix, with the heritages that are strong locally made more likely here.
        var weights = new int[Names.Origins.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var times = boost.FirstOrDefault(b => b.Origin == Names.Origins[i].Key).Times;
            weights[i] = Names.Origins[i].Weight * (times == 0 ? 1 : times);
        }

        _origins = new Weighted(weights);
    }

    /// <summary>The local authority's name, used in its services' names ("Hackney").</summary>
    public string Name { get; }

    /// <summary>The Royal Mail post town ("London").</summary>
    public string PostTown { get; }

    /// <summary>Three letters that start the codes of the local authority's own services.</summary>
    public string Code { get; }

    /// <summary>DfE LA number; null in Scotland, which has no UPNs.</summary>
    public int? LaCode { get; }

    /// <summary>The first three characters of local GP practices' ODS codes.</summary>
    public string GpPrefix { get; }

    /// <summary>A landline number without its last three digits.</summary>
    public string Landline { get; }

    public int Weight { get; }

    public string[] Outward { get; }

    public string Slug { get; }

    /// <summary>Shifts the name stems of local schools and practices, so that every area has its own.</summary>
    public int Offset { get; }

    public Origin PickOrigin(Prng rng) => Names.Origins[_origins.Pick(rng)];
}

internal static class Places
{
    private const string London = "020 7946 0";
    private const string NoArea = "01632 960";

    // The postcode districts are real, so searches by outward code behave as on real data.
    public static readonly Area[] Areas =
    [
        new("Leeds", "Leeds", "LDS", 383, "B86", "0113 496 0", 18, Range("LS", 1, 29), ("Pakistani", 2), ("Polish", 2), ("Nigerian", 2)),
        new("Bradford", "Bradford", "BRD", 380, "B83", NoArea, 12, Range("BD", 1, 18), ("Pakistani", 7), ("Bangladeshi", 2), ("Polish", 2)),
        new("Kirklees", "Huddersfield", "KIR", 382, "B85", NoArea, 8, Range("HD", 1, 5), ("Pakistani", 3), ("Indian", 2)),
        new("Sheffield", "Sheffield", "SHF", 373, "C88", "0114 496 0", 12, Range("S", 1, 14) + " S17 S20 S35", ("Somali", 3), ("Arabic", 3), ("Pakistani", 2)),
        new("Manchester", "Manchester", "MAN", 352, "P84", "0161 496 0", 14, Range("M", 1, 9) + " " + Range("M", 11, 23) + " M40", ("Pakistani", 3), ("Nigerian", 2), ("Somali", 2), ("Irish", 2)),
        new("Oldham", "Oldham", "OLD", 353, "P85", "0161 496 0", 5, "OL1 OL4 OL8 OL9", ("Bangladeshi", 5), ("Pakistani", 4)),
        new("Liverpool", "Liverpool", "LIV", 341, "N82", "0151 496 0", 9, Range("L", 1, 25), ("Irish", 3), ("Chinese", 2), ("Somali", 2)),
        new("Birmingham", "Birmingham", "BHM", 330, "M85", "0121 496 0", 28, Range("B", 1, 38) + " " + Range("B", 42, 45), ("Pakistani", 4), ("Bangladeshi", 2), ("Caribbean", 3), ("Somali", 2), ("Indian", 2)),
        new("Coventry", "Coventry", "COV", 331, "M84", NoArea, 7, Range("CV", 1, 6), ("Indian", 2), ("Romanian", 2)),
        new("Wolverhampton", "Wolverhampton", "WLV", 336, "M92", NoArea, 6, "WV1 WV2 WV3 WV4 WV6 WV10 WV11", ("Indian", 4), ("Caribbean", 2)),
        new("Leicester", "Leicester", "LEI", 856, "C82", "0116 496 0", 8, Range("LE", 1, 5), ("Indian", 8), ("Somali", 3)),
        new("Nottingham", "Nottingham", "NOT", 892, "C84", "0115 496 0", 7, Range("NG", 1, 11), ("Caribbean", 2), ("Pakistani", 2)),
        new("Derby", "Derby", "DER", 831, "C81", NoArea, 5, "DE1 DE3 DE21 DE22 DE23 DE24", ("Pakistani", 2), ("Polish", 2)),
        new("Stoke-on-Trent", "Stoke-on-Trent", "STK", 861, "M83", NoArea, 5, Range("ST", 1, 6), ("Pakistani", 2)),
        new("Bristol", "Bristol", "BST", 801, "L81", "0117 496 0", 10, Range("BS", 1, 16), ("Somali", 4), ("Caribbean", 2)),
        new("Plymouth", "Plymouth", "PLY", 879, "L83", NoArea, 5, Range("PL", 1, 7)),
        new("Devon", "Exeter", "DEV", 878, "L82", NoArea, 4, Range("EX", 1, 4)),
        new("Reading", "Reading", "RDG", 870, "K81", "0118 496 0", 4, "RG1 RG2 RG4 RG6 RG30 RG31", ("Indian", 2), ("Pakistani", 2), ("Nigerian", 2)),
        new("Slough", "Slough", "SLO", 871, "K82", NoArea, 3, Range("SL", 1, 3), ("Pakistani", 5), ("Indian", 5), ("Polish", 2)),
        new("Luton", "Luton", "LUT", 821, "E81", NoArea, 5, Range("LU", 1, 4), ("Pakistani", 5), ("Bangladeshi", 3), ("Romanian", 2)),
        new("Milton Keynes", "Milton Keynes", "MKC", 826, "K83", NoArea, 6, Range("MK", 1, 15), ("Nigerian", 2), ("Ghanaian", 2)),
        new("Southampton", "Southampton", "SOU", 852, "J82", NoArea, 5, Range("SO", 14, 19), ("Polish", 3)),
        new("Cambridgeshire", "Cambridge", "CAM", 873, "D81", NoArea, 4, Range("CB", 1, 5), ("Chinese", 2)),
        new("Peterborough", "Peterborough", "PBO", 874, "D83", NoArea, 5, Range("PE", 1, 4), ("Lithuanian", 6), ("Polish", 4), ("Pakistani", 3), ("Portuguese", 3)),
        new("Norfolk", "Norwich", "NFK", 926, "D82", NoArea, 4, Range("NR", 1, 7), ("Portuguese", 2)),
        new("Hull", "Hull", "HUL", 810, "B81", NoArea, 5, Range("HU", 1, 9), ("Polish", 2), ("Kurdish", 3)),
        new("York", "York", "YRK", 816, "B82", NoArea, 4, "YO1 YO10 YO24 YO26 YO30 YO31"),
        new("Newcastle", "Newcastle upon Tyne", "NCL", 391, "A87", "0191 498 0", 5, Range("NE", 1, 7) + " NE15", ("Bangladeshi", 2), ("Chinese", 2)),
        new("Blackburn with Darwen", "Blackburn", "BBD", 889, "P81", NoArea, 4, "BB1 BB2", ("Indian", 4), ("Pakistani", 4)),
        new("Hackney", "London", "HCK", 204, "F84", London, 6, "E5 E8 E9 N16", ("Turkish", 5), ("Kurdish", 4), ("Caribbean", 3), ("Nigerian", 3)),
        new("Tower Hamlets", "London", "TWH", 211, "F86", London, 7, "E1 E2 E3 E14", ("Bangladeshi", 14)),
        new("Newham", "London", "NWM", 316, "F87", London, 8, "E6 E7 E12 E13 E15 E16", ("Bangladeshi", 4), ("Indian", 4), ("Pakistani", 4), ("Nigerian", 3), ("Romanian", 3), ("Lithuanian", 3)),
        new("Lambeth", "London", "LBH", 208, "G85", London, 6, "SE11 SE27 SW2 SW4 SW9", ("Caribbean", 5), ("Portuguese", 6), ("Nigerian", 3), ("Ghanaian", 3)),
        new("Southwark", "London", "SWK", 210, "G84", London, 6, "SE1 SE5 SE15 SE16 SE17 SE22", ("Nigerian", 6), ("Ghanaian", 4), ("Caribbean", 3), ("Eritrean", 3)),
        new("Brent", "London", "BRT", 304, "E84", London, 7, "NW2 NW6 NW10", ("Indian", 4), ("Somali", 3), ("Romanian", 4), ("Irish", 2), ("Arabic", 2)),
        new("Haringey", "London", "HRY", 309, "F85", London, 6, "N4 N8 N15 N17 N22", ("Turkish", 5), ("Kurdish", 5), ("Polish", 2), ("Ghanaian", 2)),
        new("Ealing", "London", "EAL", 307, "E85", London, 7, "W3 W5 W7 W13", ("Polish", 5), ("Indian", 3), ("Somali", 2), ("Arabic", 2)),
        new("Camden", "London", "CMD", 202, "F83", London, 4, "NW1 NW3 NW5", ("Bangladeshi", 2), ("Arabic", 2), ("Greek", 3)),
        new("Lewisham", "London", "LEW", 209, "G83", London, 6, "SE4 SE6 SE13 SE14 SE23", ("Caribbean", 4), ("Nigerian", 3), ("Vietnamese", 3)),
        new("Greenwich", "London", "GRN", 203, "G81", London, 6, "SE2 SE7 SE9 SE10 SE18 SE28", ("Nigerian", 3), ("Vietnamese", 2)),
        new("Croydon", "Croydon", "CRY", 306, "H85", NoArea, 8, "CR0 CR7", ("Caribbean", 3), ("Indian", 2), ("Ghanaian", 2)),
        new("Cardiff", "Cardiff", "CDF", 681, "W97", "029 2018 0", 7, "CF3 CF5 CF10 CF11 CF14 CF23 CF24", ("Welsh", 8), ("Somali", 2), ("Arabic", 2)),
        new("Swansea", "Swansea", "SWA", 670, "W98", NoArea, 4, Range("SA", 1, 6), ("Welsh", 8)),
        new("Glasgow", "Glasgow", "GLA", null, "S43", "0141 496 0", 10, "G1 G2 G3 G4 G5 G11 G12 G13 G14 G15 G20 G21 G22 G23 G31 G32 G33 G34 G40 G41 G42 G43 G44 G45 G46 G51 G52 G53", ("Scottish", 16), ("Pakistani", 2), ("Polish", 2), ("Romanian", 2)),
        new("Edinburgh", "Edinburgh", "EDI", null, "S78", "0131 496 0", 8, Range("EH", 1, 17), ("Scottish", 14), ("Polish", 3)),
    ];

    private static readonly Weighted AreaWeights = new([.. Areas.Select(a => a.Weight)]);

    /// <summary>Name stems for streets, buildings, schools and practices.</summary>
    public static readonly string[] Stems =
    [
        "Church", "Victoria", "Station", "Park", "Mill", "Oak", "Elm", "Beech", "Ash", "Willow", "Chapel", "Manor",
        "Queen's", "King's", "Springfield", "Highfield", "Westfield", "Greenfield", "Brookfield", "Fairfield", "Moorland",
        "Hillside", "Riverside", "Parkside", "Meadow", "Orchard", "Holly", "Laurel", "Cedar", "Rowan", "Hawthorn",
        "Windmill", "Castle", "Abbey", "Priory", "Grange", "Hollin", "Stonegate", "Broadway", "Kingsway", "Albert",
        "Alexandra", "Cross", "Market", "Bridge", "Canal", "Forge", "St John's", "St Mary's", "St Peter's",
    ];

    public static readonly string[] StemSlugs = [.. Stems.Select(Names.Slug)];

    private static readonly string[] StreetKinds =
        ["Street", "Road", "Avenue", "Lane", "Close", "Drive", "Way", "Crescent", "Grove", "Terrace", "Gardens", "Place", "View", "Walk", "Rise", "Mount"];

    private static readonly string[] BuildingKinds = ["House", "Court", "Mill", "Heights", "Lodge"];

    /// <summary>0 to 999 as text, written once rather than once per child.</summary>
    public static readonly string[] Numbers = [.. Enumerable.Range(0, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>000 to 999, for the last digits of telephone numbers.</summary>
    public static readonly string[] ThreeDigits = [.. Enumerable.Range(0, 1000).Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))];

    // Inward codes never use C, I, K, M, O or V.
    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    public static Area PickArea(Prng rng) => Areas[AreaWeights.Pick(rng)];

    public static Address Address(Prng rng, Area area)
    {
        var address = new Address { Town = area.PostTown, Postcode = Postcode(rng, area) };
        var street = Street(rng);
        var number = Numbers[rng.Between(1, 240)];
        var kind = rng.Next(100);
        if (kind < 12)
        {
            address.Lines.Add(string.Concat("Flat ", Numbers[rng.Between(1, 40)]));
            address.Lines.Add(string.Concat(number, " ", street));
        }
        else if (kind < 18)
        {
            // A flat in a named block, which has no street number of its own.
            address.Lines.Add(string.Concat("Flat ", Numbers[rng.Between(1, 120)]));
            address.Lines.Add(string.Concat(rng.Pick(Stems), " ", rng.Pick(BuildingKinds)));
            address.Lines.Add(street);
        }
        else if (kind < 20)
        {
            address.Lines.Add(string.Concat(Numbers[rng.Between(1, 60)], "a ", street));
        }
        else
        {
            address.Lines.Add(string.Concat(number, " ", street));
        }

        return address;
    }

    public static string Postcode(Prng rng, Area area)
    {
        var outward = rng.Pick(area.Outward);
        Span<char> code = stackalloc char[outward.Length + 4];
        outward.AsSpan().CopyTo(code);
        code[outward.Length] = ' ';
        code[outward.Length + 1] = (char)('0' + rng.Next(10));
        code[outward.Length + 2] = InwardLetters[rng.Next(InwardLetters.Length)];
        code[outward.Length + 3] = InwardLetters[rng.Next(InwardLetters.Length)];
        return new string(code);
    }

    private static string Street(Prng rng) => string.Concat(rng.Pick(Stems), " ", rng.Pick(StreetKinds));

    private static string Range(string area, int first, int last) =>
        string.Join(' ', Enumerable.Range(first, last - first + 1).Select(i => area + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
