using System.Globalization;
using System.Text;
using ChildIndex.Contracts.V1;

namespace ChildIndex.IntegrationTests.Matching;

/// <summary>A search a practitioner might type for a known child, with the error it carries.</summary>
public sealed record LabelledQuery(string Kind, NameSearch Search, string ChildId);

/// <summary>A registered synthetic child: what the index holds, and its identifier.</summary>
public sealed record KnownChild(ChildDetails Details, string ChildId);

/// <summary>
/// Derives labelled searches from known children, each with one realistic error of a kind
/// (typos, transliterations, other names, nicknames, dates, postcodes). Deterministic for a seed.
/// The spelling and nickname lists here are the test's own, drawn from real usage; some are in the
/// service's given-name table and some are left to sound and spelling (docs/matching.md).
/// </summary>
public static class LabelledQueries
{
    public static readonly string[] Kinds =
    [
        "exact (control)",
        "family name typo: letter wrong",
        "family name typo: letter missing",
        "family name typo: letters swapped",
        "family name typo: letter doubled",
        "given name typo",
        "accents dropped",
        "transliteration or other spelling",
        "alias or former name",
        "one part of a double-barrelled name",
        "nickname or short form",
        "date of birth a few days out",
        "date of birth day and month swapped",
        "year of birth only, with given name",
        "postcode district, no date of birth",
        "full postcode, no date of birth",
        "family and given names swapped",
        "short form or spelling: English",
        "short form or spelling: Polish and other European",
        "short form or spelling: Irish, Scottish and Welsh",
        "short form or spelling: Arabic, South Asian, Somali, Turkish",
        "short form or spelling: African and Caribbean",
        "given name differs; family name, date and postcode agree",
        "two errors: family name typo and date a few days out",
    ];

    private static readonly Dictionary<string, string[]> Spellings = new(StringComparer.Ordinal)
    {
        ["Mohammed"] = ["Muhammad", "Mohamed", "Mohammad"], ["Muhammad"] = ["Mohammed", "Muhammed"], ["Mohamed"] = ["Mohammed"],
        ["Siobhán"] = ["Shivaun"], ["Niamh"] = ["Neve"], ["Caoimhe"] = ["Keeva"], ["Aisha"] = ["Ayesha"], ["Maryam"] = ["Mariam"],
        ["Fatima"] = ["Fatimah"], ["Ibrahim"] = ["Ibraheem"], ["Yusuf"] = ["Yousef"], ["Omar"] = ["Umar"], ["Khalid"] = ["Khaled"],
        ["Zainab"] = ["Zaynab"], ["Layla"] = ["Leila"], ["Jayden"] = ["Jaden"], ["Aaliyah"] = ["Aliyah"], ["Sophia"] = ["Sofia"],
        ["Hamza"] = ["Hamzah"], ["Khadija"] = ["Khadijah"], ["Nour"] = ["Noor"], ["Zara"] = ["Zahra"],
        ["Hussain"] = ["Hussein"], ["Chowdhury"] = ["Choudhury"], ["Mahmood"] = ["Mahmud"], ["Rehman"] = ["Rahman"],
        ["Rahman"] = ["Rehman"], ["Hoque"] = ["Haque"], ["Ahmed"] = ["Ahmad"], ["Qasim"] = ["Kassim"], ["Suleiman"] = ["Sulaiman"],
        ["Tesfay"] = ["Tesfaye"], ["Mohamud"] = ["Mohamed"], ["Chaudhry"] = ["Choudhry"], ["Nguyễn"] = ["Nguyen", "Nguyen"],
        ["Kowalski"] = ["Kovalski"], ["Wiśniewski"] = ["Wisniewski"], ["Papadopoulos"] = ["Papadopulos"], ["Abdullah"] = ["Abdallah"],
        ["Khan"] = ["Kahn"], ["Shah"] = ["Sha"], ["Mensah"] = ["Mensa"], ["Osei"] = ["Osey"], ["Owusu"] = ["Owusuh"],
        ["Okonkwo"] = ["Okonkuo"], ["Adeyemi"] = ["Adeyemmi"], ["Ogunleye"] = ["Ogunlaye"], ["Nwachukwu"] = ["Nwachuku"],
        ["Popescu"] = ["Popesco"], ["Ionescu"] = ["Ionesco"], ["Yılmaz"] = ["Yilmaz"], ["Öztürk"] = ["Ozturk"],
        ["Fernandes"] = ["Fernandez"], ["Rodrigues"] = ["Rodriguez"], ["Gonçalves"] = ["Goncalves"], ["Pereira"] = ["Perera"],
        ["Haddad"] = ["Hadad"], ["Mansour"] = ["Mansur"], ["Hashemi"] = ["Hashimi"], ["Darwish"] = ["Darwesh"],
        ["Abdi"] = ["Abdy"], ["Warsame"] = ["Warsami"], ["Mohamed Ali"] = ["Mohammed Ali"],
        ["Wong"] = ["Wang"], ["Cheung"] = ["Chung"], ["Leung"] = ["Liang"], ["MacDonald"] = ["McDonald"], ["MacLeod"] = ["McLeod"],
        ["MacKenzie"] = ["McKenzie"], ["McKay"] = ["MacKay"], ["O'Reilly"] = ["Reilly"], ["Griffiths"] = ["Griffith"],
        ["Thompson"] = ["Thomson"], ["Clarke"] = ["Clark"], ["Davies"] = ["Davis"], ["Stephenson"] = ["Stevenson"],
        ["Llewellyn"] = ["Llewelyn"], ["Pritchard"] = ["Prichard"], ["Vaughan"] = ["Vaughn"],
    };

    private static readonly Dictionary<string, string[]> Nicknames = new(StringComparer.Ordinal)
    {
        ["William"] = ["Bill", "Will", "Billy"], ["Thomas"] = ["Tom", "Tommy"], ["Alexander"] = ["Alex", "Sasha"], ["Samuel"] = ["Sam"],
        ["Joshua"] = ["Josh"], ["Daniel"] = ["Danny", "Dan"], ["Jacob"] = ["Jake"], ["Edward"] = ["Ted", "Eddie"], ["Henry"] = ["Harry"],
        ["Frederick"] = ["Freddie"], ["Isabella"] = ["Bella", "Izzy"], ["Charlotte"] = ["Lottie"], ["Matilda"] = ["Tilly"],
        ["Olivia"] = ["Liv"], ["Abigail"] = ["Abbie"], ["Oliver"] = ["Ollie"], ["James"] = ["Jim", "Jamie"], ["Joseph"] = ["Joe"],
        ["Katarzyna"] = ["Kasia"], ["Chukwuemeka"] = ["Emeka"], ["Oluwatobi"] = ["Tobi"], ["Temitope"] = ["Tope"],
        ["Oluwadamilola"] = ["Dami", "Damilola"], ["Georgios"] = ["George"], ["Nikolaos"] = ["Nikos"], ["Dimitrios"] = ["Dimitris"],
        ["Aleksander"] = ["Olek"], ["Zuzanna"] = ["Zuzia"], ["Wojciech"] = ["Wojtek"], ["Małgorzata"] = ["Gosia"], ["Jakub"] = ["Kuba"],
        ["Alexandru"] = ["Alex"], ["Alexandra"] = ["Sasha"], ["Michał"] = ["Michael"], ["Mikołaj"] = ["Nicholas"], ["Ioannis"] = ["Yiannis"],
        ["Konstantinos"] = ["Kostas"], ["Panagiotis"] = ["Takis"], ["Kwabena"] = ["Kobby"], ["Somtochukwu"] = ["Somto"],
        ["Abdirahman"] = ["Abdi"], ["Elizabeth"] = ["Liz"], ["Ellie-Mae"] = ["Ellie"], ["Lilly-Rose"] = ["Lilly"], ["Lacey-Mae"] = ["Lacey"],
        ["Alfie-James"] = ["Alfie"],
    };

    /// <summary>
    /// Short forms and spellings that people in each community use, written by hand for this test
    /// from naming guides and school registers (not from the service's table or the nicknames data
    /// it loads), keyed by the name a synthetic child is registered under. Some of them the engine
    /// cannot know; they measure how far its equivalence reaches.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string[]>> CommunityForms = new(StringComparer.Ordinal)
    {
        ["short form or spelling: English"] = new(StringComparer.Ordinal)
        {
            ["Edward"] = ["Teddy", "Ned", "Eddy"], ["Theo"] = ["Teddy"], ["Amelia"] = ["Millie", "Milly", "Amy"],
            ["Florence"] = ["Flossie", "Florrie", "Flo"], ["Isabella"] = ["Isabelle", "Issy", "Izzie"], ["Grace"] = ["Gracie"],
            ["Evie"] = ["Eve"], ["Ella"] = ["Ellie"], ["Charlotte"] = ["Lotte", "Charlie"], ["Jessica"] = ["Jess", "Jessie"],
            ["Emily"] = ["Emmy", "Em"], ["Matilda"] = ["Tillie", "Maud"], ["Megan"] = ["Meg"], ["Abigail"] = ["Abby", "Gail"],
            ["Henry"] = ["Hal", "Hank"], ["Harrison"] = ["Harry"], ["Samuel"] = ["Sammy"], ["Isaac"] = ["Ike", "Zac"],
            ["Joseph"] = ["Joey"], ["Frederick"] = ["Fred", "Freddy"], ["Alfie"] = ["Alf"], ["Archie"] = ["Archibald"],
            ["Thomas"] = ["Tam"], ["Joshua"] = ["Joss"], ["Oliver"] = ["Olly"], ["Olivia"] = ["Livvy", "Livia"],
            ["Lucas"] = ["Luke"], ["Daniel"] = ["Dani"], ["William"] = ["Willy", "Liam"], ["Sophia"] = ["Sophie"],
            ["Hannah"] = ["Hanna"], ["Elsie"] = ["Elspeth"], ["Harry"] = ["Henry"], ["Max"] = ["Maxwell", "Maximilian"],
            ["Rosie"] = ["Rose"], ["Poppy"] = ["Pop"], ["James"] = ["Jimmy", "Jem"],
        },
        ["short form or spelling: Polish and other European"] = new(StringComparer.Ordinal)
        {
            ["Antoni"] = ["Antek", "Antony"], ["Szymon"] = ["Szymek", "Simon"], ["Jan"] = ["Janek", "John"], ["Franciszek"] = ["Franek", "Frank"],
            ["Kacper"] = ["Jasper", "Kacperek"], ["Michał"] = ["Michal", "Misiek"], ["Aleksander"] = ["Olek", "Alex", "Aleks"],
            ["Krzysztof"] = ["Krzys", "Chris"], ["Bartosz"] = ["Bartek"], ["Wojciech"] = ["Wojtek"], ["Zuzanna"] = ["Zuza", "Susanna"],
            ["Julia"] = ["Julka"], ["Zofia"] = ["Zosia", "Sophia"], ["Hanna"] = ["Hania"], ["Alicja"] = ["Ala", "Alice"],
            ["Wiktoria"] = ["Wika", "Victoria"], ["Natalia"] = ["Natalka"], ["Małgorzata"] = ["Gosia", "Małgosia", "Margaret"],
            ["Katarzyna"] = ["Kasia", "Kaśka", "Kate"], ["Agnieszka"] = ["Aga", "Agnes"], ["Ewa"] = ["Eva", "Ewka"], ["Jakub"] = ["Kuba", "Jacob"],
            ["Paweł"] = ["Paul"], ["Filip"] = ["Philip"], ["Alexandru"] = ["Sandu", "Alex"], ["Ștefan"] = ["Stefan", "Stephen"],
            ["Mihai"] = ["Michael"], ["Andrei"] = ["Andrew"], ["Ioana"] = ["Joanna"], ["Elena"] = ["Helen"],
            ["Georgios"] = ["Giorgos", "Yiorgos", "George"], ["Dimitrios"] = ["Dimitri", "Jim"], ["Konstantinos"] = ["Kostas", "Dinos"],
            ["Nikolaos"] = ["Nikos", "Nick"], ["Ioannis"] = ["Giannis", "Yannis", "John"], ["Alexandros"] = ["Alexis", "Alex"],
            ["Panagiotis"] = ["Panos"], ["Petros"] = ["Peter"], ["Eleni"] = ["Helen", "Lena"], ["Katerina"] = ["Katie", "Kat"],
            ["Eirini"] = ["Irene"], ["Ioanna"] = ["Joanna"], ["João"] = ["Joao", "John"], ["Tomás"] = ["Tomas", "Thomas"],
            ["Inês"] = ["Ines", "Agnes"], ["Beatriz"] = ["Beatrice", "Bia"], ["Leonor"] = ["Eleanor"], ["Margarida"] = ["Margaret"],
            ["Jokūbas"] = ["Jacob"], ["Dovydas"] = ["David"], ["José"] = ["Jose", "Joseph"], ["Giulia"] = ["Julia"],
        },
        ["short form or spelling: Irish, Scottish and Welsh"] = new(StringComparer.Ordinal)
        {
            ["Seán"] = ["Shaun", "Shawn", "Sean"], ["Siobhán"] = ["Shevaun", "Chevaughn", "Shivaun"], ["Niamh"] = ["Neve", "Neev"],
            ["Aoife"] = ["Eefa", "Eva"], ["Róisín"] = ["Rosheen", "Roisin"], ["Saoirse"] = ["Sersha", "Seersha"], ["Caoimhe"] = ["Keeva", "Kweeva"],
            ["Tadhg"] = ["Teague", "Tige"], ["Pádraig"] = ["Paddy", "Patrick"], ["Eoin"] = ["Owen"], ["Ciarán"] = ["Kieran", "Keiran"],
            ["Cian"] = ["Kian"], ["Darragh"] = ["Darra"], ["Oisín"] = ["Osheen"], ["Éabha"] = ["Eva"], ["Sinéad"] = ["Shinead", "Jane"],
            ["Gráinne"] = ["Grania"], ["Méabh"] = ["Maeve"], ["Clodagh"] = ["Cloda"], ["Fionn"] = ["Finn"], ["Cillian"] = ["Killian"],
            ["Ruaridh"] = ["Rory"], ["Catriona"] = ["Katrina", "Catrina"], ["Alasdair"] = ["Alistair", "Alastair"], ["Calum"] = ["Callum"],
            ["Eilidh"] = ["Ailie"], ["Dafydd"] = ["Dai", "Dewi", "David"], ["Gruffudd"] = ["Griff", "Gruff"], ["Siân"] = ["Sian", "Shan"],
            ["Rhiannon"] = ["Rhi"], ["Owain"] = ["Owen"], ["Ioan"] = ["John"], ["Tomos"] = ["Thomas"], ["Elis"] = ["Ellis"],
        },
        ["short form or spelling: Arabic, South Asian, Somali, Turkish"] = new(StringComparer.Ordinal)
        {
            ["Muhammad"] = ["Mohd", "Muhamad", "Mohammad"], ["Mohammed"] = ["Mohamad", "Muhammed"], ["Mohamed"] = ["Mohamad", "Maxamed"],
            ["Yusuf"] = ["Yousuf", "Yosef", "Joseph"], ["Yousef"] = ["Yusef", "Yusuf"], ["Youssef"] = ["Yusuf"], ["Ibrahim"] = ["Ebrahim"],
            ["Usman"] = ["Osman", "Uthman"], ["Abdullah"] = ["Abdulla"], ["Zakariya"] = ["Zakaria", "Zachariah"], ["Yahya"] = ["Yehya"],
            ["Ismail"] = ["Ismael", "Esmail"], ["Musa"] = ["Moosa", "Moussa"], ["Haris"] = ["Harris"], ["Imran"] = ["Emran"],
            ["Hassan"] = ["Hasan"], ["Aisha"] = ["Aishah", "Ayesha"], ["Fatima"] = ["Fatema", "Fathima"], ["Maryam"] = ["Mariyam", "Mariam"],
            ["Khadija"] = ["Khadeeja"], ["Amina"] = ["Aminah", "Ameena"], ["Hafsa"] = ["Hafsah"], ["Noor"] = ["Nur"], ["Zara"] = ["Zahra"],
            ["Abdirahman"] = ["Abdurahman", "Abdi"], ["Fadumo"] = ["Faduma", "Fatuma"], ["Safiya"] = ["Safia", "Safiyyah"],
            ["Sumaya"] = ["Sumaiya", "Sumayyah"], ["Omar"] = ["Umar"], ["Ahmad"] = ["Ahmed"], ["Khalid"] = ["Khaled"], ["Kareem"] = ["Karim"],
            ["Tariq"] = ["Tarek", "Tarik"], ["Ziad"] = ["Ziyad"], ["Mahmoud"] = ["Mahmood", "Mahmud"], ["Abdulrahman"] = ["Abdelrahman"],
            ["Nabil"] = ["Nabeel"], ["Layla"] = ["Laila", "Leila"], ["Nour"] = ["Noor"], ["Salma"] = ["Selma"], ["Yasmin"] = ["Yasmine", "Jasmine"],
            ["Reem"] = ["Rim"], ["Sara"] = ["Sarah"], ["Huda"] = ["Houda"], ["Rahim"] = ["Raheem"], ["Rayhan"] = ["Raihan"],
            ["Faisal"] = ["Faysal"], ["Shahid"] = ["Shaheed"], ["Tasnim"] = ["Tasneem"], ["Ruksana"] = ["Rukhsana"], ["Sadia"] = ["Sadiya"],
            ["Ömer"] = ["Omer", "Omar"], ["Hüseyin"] = ["Huseyin", "Hussein"], ["Mustafa"] = ["Mostafa"], ["Ayşe"] = ["Ayse", "Aysha"],
            ["Meryem"] = ["Maryam"], ["Zeynep"] = ["Zainab"], ["Hatice"] = ["Khadija"], ["Mehmet"] = ["Mehmed", "Muhammad"],
        },
        ["short form or spelling: African and Caribbean"] = new(StringComparer.Ordinal)
        {
            ["Ayodeji"] = ["Ayo", "Deji"], ["Ifeanyi"] = ["Ify"], ["Olamide"] = ["Lamide"], ["Chinedu"] = ["Nedu"], ["Adaeze"] = ["Ada"],
            ["Chiamaka"] = ["Amaka"], ["Folake"] = ["Fola"], ["Temitope"] = ["Temi"], ["Oluwadamilola"] = ["Lola"], ["Chidinma"] = ["Dinma"],
            ["Ifeoma"] = ["Ify"], ["Oluwaseyi"] = ["Seyi"], ["Oluwaseun"] = ["Seun", "Shaun"], ["Ebuka"] = ["Chukwuebuka"],
            ["Yohannes"] = ["Johannes", "John"], ["Dawit"] = ["David"], ["Henok"] = ["Enoch"], ["Amanuel"] = ["Emmanuel"],
            ["Efrem"] = ["Ephrem"], ["Natnael"] = ["Nathaniel"], ["Rahel"] = ["Rachel"], ["Kwabena"] = ["Kobby"], ["Kwame"] = ["Kwami"],
            ["Kwesi"] = ["Kweku"], ["Kojo"] = ["Cudjoe"], ["Akosua"] = ["Akos"], ["Adwoa"] = ["Adjoa"], ["Efua"] = ["Effie"],
            ["Jermaine"] = ["Germaine"], ["Tyrone"] = ["Ty"], ["Malachi"] = ["Malakai"], ["Omari"] = ["Omarie"], ["Shanice"] = ["Shaniece"],
            ["Aaliyah"] = ["Aliyah", "Aliya"], ["Keisha"] = ["Kisha"], ["Chantelle"] = ["Shantelle"], ["Kezia"] = ["Keziah", "Kizzy"],
            ["Nevaeh"] = ["Neveah"], ["Isaiah"] = ["Isiah"], ["Jasmine"] = ["Jazmin", "Yasmin"], ["Zion"] = ["Sion"],
        },
    };

    private static readonly string[] OtherGivenNames = ["Kayden", "Precious", "Tallulah", "Bartholomew", "Ngozi", "Priya", "Wiktor", "Ahmed", "Sunita", "Dominic"];

    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase) { "Al", "El", "de", "van", "der", "von", "da", "di" };

    public static List<LabelledQuery> Derive(IReadOnlyList<KnownChild> children, int perKind, int seed)
    {
        var queries = new List<LabelledQuery>();
        for (var k = 0; k < Kinds.Length; k++)
        {
            var random = new Random(seed + k);
            var order = Enumerable.Range(0, children.Count).OrderBy(_ => random.Next()).ToList();
            var made = 0;
            foreach (var index in order)
            {
                if (made == perKind)
                {
                    break;
                }

                var child = children[index];
                if (Make(Kinds[k], child.Details, random) is { } search)
                {
                    queries.Add(new LabelledQuery(Kinds[k], search, child.ChildId));
                    made++;
                }
            }
        }

        return queries;
    }

    private static NameSearch? Make(string kind, ChildDetails child, Random random)
    {
        var family = child.Name.FamilyName;
        var given = FirstGiven(child.Name.GivenNames);
        var born = child.DateOfBirth;
        var postcode = child.Address?.Postcode;
        NameSearch Query(string f, string g) => new() { FamilyName = f, GivenName = g, DateOfBirth = born };
        return kind switch
        {
            "exact (control)" => Query(family, given),
            "family name typo: letter wrong" => Typo(family, 0, random) is { } typed ? Query(typed, given) : null,
            "family name typo: letter missing" => Typo(family, 1, random) is { } typed ? Query(typed, given) : null,
            "family name typo: letters swapped" => Typo(family, 2, random) is { } typed ? Query(typed, given) : null,
            "family name typo: letter doubled" => Typo(family, 3, random) is { } typed ? Query(typed, given) : null,
            "given name typo" => given.Length >= 4 && Typo(given, random.Next(4), random) is { } typed ? Query(family, typed) : null,
            "accents dropped" => Fold(family) != family || Fold(given) != given ? Query(Fold(family), Fold(given)) : null,
            "transliteration or other spelling" =>
                Spellings.TryGetValue(family, out var families) ? Query(Pick(families, random), given)
                : Spellings.TryGetValue(given, out var givens) ? Query(family, Pick(givens, random))
                : null,
            "alias or former name" => OtherNameQuery(child, random),
            "one part of a double-barrelled name" => Parts(family) is { Count: > 1 } parts ? Query(Pick(parts, random), given) : null,
            "nickname or short form" => Nicknames.TryGetValue(given, out var nicknames) ? Query(family, Pick(nicknames, random)) : null,
            "date of birth a few days out" => DaysOut(child, random),
            "date of birth day and month swapped" => born.Day <= 12 && born.Day != born.Month
                ? new NameSearch { FamilyName = family, GivenName = given, DateOfBirth = new Google.Type.Date { Year = born.Year, Month = born.Day, Day = born.Month } }
                : null,
            "year of birth only, with given name" => new NameSearch { FamilyName = family, GivenName = given, BirthYear = born.Year },
            "postcode district, no date of birth" => postcode is null ? null
                : new NameSearch { FamilyName = family, GivenName = given, Postcode = postcode[..postcode.IndexOf(' ', StringComparison.Ordinal)] },
            "full postcode, no date of birth" => postcode is null ? null : new NameSearch { FamilyName = family, Postcode = postcode },
            "family and given names swapped" => Query(given, family),
            "given name differs; family name, date and postcode agree" => postcode is null ? null
                : new NameSearch { FamilyName = family, GivenName = OtherGiven(given, random), DateOfBirth = born, Postcode = postcode },
            "two errors: family name typo and date a few days out" => Typo(family, random.Next(4), random) is { } typed
                ? Renamed(DaysOut(child, random), typed)
                : null,
            _ when CommunityForms.TryGetValue(kind, out var forms) => forms.TryGetValue(given, out var other) ? Query(family, Pick(other, random)) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
        };
    }

    private static NameSearch? OtherNameQuery(ChildDetails child, Random random)
    {
        if (child.OtherNames.Count == 0)
        {
            return null;
        }

        var other = Pick(child.OtherNames, random).Name;
        return new NameSearch { FamilyName = other.FamilyName, GivenName = FirstGiven(other.GivenNames), DateOfBirth = child.DateOfBirth };
    }

    private static NameSearch Renamed(NameSearch search, string family)
    {
        search.FamilyName = family;
        return search;
    }

    private static NameSearch DaysOut(ChildDetails child, Random random)
    {
        var born = new DateOnly(child.DateOfBirth.Year, child.DateOfBirth.Month, child.DateOfBirth.Day);
        var days = random.Next(1, 11) * (random.Next(2) == 0 ? -1 : 1);
        var typed = born.AddDays(days);
        return new NameSearch
        {
            FamilyName = child.Name.FamilyName,
            GivenName = FirstGiven(child.Name.GivenNames),
            DateOfBirth = new Google.Type.Date { Year = typed.Year, Month = typed.Month, Day = typed.Day },
        };
    }

    /// <summary>A given name of someone else: what a practitioner types when the record holds a
    /// name the family does not use, or the wrong sibling's.</summary>
    private static string OtherGiven(string given, Random random)
    {
        string other;
        do
        {
            other = Pick(OtherGivenNames, random);
        }
        while (other == given);

        return other;
    }

    private static string FirstGiven(string givenNames) => givenNames.Split(' ')[0];

    private static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

    private static List<string> Parts(string family) =>
        [.. family.Split(['-', ' '], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 2 && !Particles.Contains(p))];

    /// <summary>One typing slip after the first letter, on the letters of the name (as typed
    /// without punctuation): 0 a letter wrong, 1 a letter missing, 2 two letters swapped, 3 a
    /// letter doubled. Null for names under three letters, or when the slip changes nothing.</summary>
    private static string? Typo(string name, int slip, Random random)
    {
        var letters = Fold(name).Where(char.IsLetter).ToArray();
        if (letters.Length < 3)
        {
            return null;
        }

        var at = random.Next(1, letters.Length - (slip == 2 ? 1 : 0));
        var typed = new StringBuilder(new string(letters));
        switch (slip)
        {
            case 0:
                char replacement;
                do
                {
                    replacement = (char)('a' + random.Next(26));
                }
                while (char.ToLowerInvariant(typed[at]) == replacement);

                typed[at] = replacement;
                break;
            case 1:
                typed.Remove(at, 1);
                break;
            case 2:
                if (char.ToLowerInvariant(typed[at]) == char.ToLowerInvariant(typed[at + 1]))
                {
                    return null;
                }

                (typed[at], typed[at + 1]) = (typed[at + 1], typed[at]);
                break;
            default:
                typed.Insert(at, typed[at]);
                break;
        }

        return typed.ToString();
    }

    /// <summary>The name as a keyboard without accents types it.</summary>
    private static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            switch (c)
            {
                case 'ł': folded.Append('l'); break;
                case 'Ł': folded.Append('L'); break;
                case 'ı': folded.Append('i'); break;
                case 'đ': folded.Append('d'); break;
                case 'Đ': folded.Append('D'); break;
                default:
                    if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                    {
                        folded.Append(c);
                    }

                    break;
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
