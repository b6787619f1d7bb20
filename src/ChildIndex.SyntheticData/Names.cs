using System.Text;

namespace ChildIndex.SyntheticData;

/// <summary>A name as written, and a lower-case ASCII form of it for email addresses.</summary>
internal readonly record struct Name(string Text, string Slug)
{
    public static Name Of(string text) => new(text, Names.Slug(text));
}

/// <summary>Names of one origin. Family names are held in the forms a boy, a girl and a married
/// woman would use, because Polish, Lithuanian and Greek family names change with gender.</summary>
internal sealed class Origin
{
    public Origin(string key, int weight, string boys, string girls, string families,
        Func<string, string>? girlForm = null, Func<string, string>? wifeForm = null)
    {
        Key = key;
        Weight = weight;
        Boys = Split(boys, s => s);
        Girls = Split(girls, s => s);
        Families = Split(families, s => s);
        GirlFamilies = girlForm is null ? Families : Split(families, girlForm);
        WifeFamilies = wifeForm is null ? GirlFamilies : Split(families, wifeForm);
    }

    public string Key { get; }

    /// <summary>Share of children, in thousandths (roughly England's mix of heritages).</summary>
    public int Weight { get; }

    public Name[] Boys { get; }

    public Name[] Girls { get; }

    public Name[] Families { get; }

    public Name[] GirlFamilies { get; }

    public Name[] WifeFamilies { get; }

    private static Name[] Split(string names, Func<string, string> form) =>
        [.. names.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => Name.Of(form(n)))];
}

internal static class Names
{
    // Tables are hand-written rather than drawn from a library so that the output never changes
    // under us, and so that they carry what matters to a child index: accents, apostrophes,
    // hyphens, transliterations and names that change with gender.
    public static readonly Origin[] Origins =
    [
        new("English", 600,
            "Oliver George Harry Noah Jack Leo Arthur Oscar Charlie Jacob Thomas Freddie Alfie Theo William Archie Joshua James Henry Samuel Max Isaac Lucas Ethan Joseph Edward Harrison Reuben Tommy Finley Mason Riley Dylan Jamie Ryan Kyle Connor Ben Daniel Logan Alexander Sebastian Toby Louie Elliot Alfie-James",
            "Olivia Amelia Isla Ava Lily Freya Ivy Florence Isabella Mia Grace Sophia Evie Poppy Ella Willow Rosie Emily Sophie Ruby Daisy Charlotte Jessica Millie Harper Zoë Chloé Renée Zoe Chloe Phoebe Matilda Elsie Hannah Megan Holly Leah Abigail Lucy Eliza Maisie Scarlett Ellie-Mae Lilly-Rose Lacey-Mae",
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Harrison Turner Hill Cooper Ward Morris Moore Lee King Baker Shaw Hughes Lawrence Whitaker Ackroyd Sutcliffe Barraclough Holmes Marsh Fletcher Atkinson Hargreaves Pickles Priestley Bennett Chapman Palmer Bell Cox Price Lloyd Knight Mills Webb Parker Foster Pearson Hunt Mitchell Carter Phillips Dawson Butler Barker Stephenson Hudson Kirk Lister Naylor Womersley Firth Brook Haigh Exley"),
        new("Scottish", 25,
            "Callum Lewis Fraser Euan Ruaridh Hamish Angus Finlay Murray Calum Alasdair Lachlan Struan Ewan Archie Rory",
            "Isla Eilidh Mhairi Skye Kirsty Ailsa Iona Morag Catriona Shona Eilish Kenzie Morven Rhona",
            "MacDonald Campbell Stewart Robertson Fraser Murray Grant MacLeod Ross Paterson Morrison McKay Sinclair Buchanan MacKenzie Duncan Crawford McGregor Ferguson Kerr"),
        new("Welsh", 25,
            "Dafydd Rhys Osian Gethin Ioan Cai Emyr Iestyn Tomos Gruffudd Owain Aled Llŷr Elis",
            "Cerys Ffion Seren Mali Megan Siân Carys Elin Gwen Nia Rhiannon Angharad Lowri Efa Eirlys",
            "Jones Davies Williams Evans Thomas Roberts Hughes Lewis Morgan Griffiths Rees Price Pritchard Llewellyn Pugh Bowen Powell Jenkins Vaughan Parry Howells"),
        new("Irish", 25,
            "Seán Cian Oisín Darragh Conor Liam Ciarán Pádraig Eoin Rory Tadhg Fionn Cillian Odhrán",
            "Siobhán Aoife Niamh Róisín Saoirse Caoimhe Orla Clodagh Sinéad Ciara Aisling Méabh Gráinne Éabha",
            "O'Brien O'Connor Murphy Kelly O'Sullivan Walsh O'Neill Byrne Ryan Doyle McCarthy Gallagher Kennedy O'Reilly Fitzgerald Quinn O'Donnell McLaughlin Brennan"),
        new("Polish", 35,
            "Jakub Antoni Szymon Jan Filip Franciszek Mikołaj Wojciech Kacper Michał Aleksander Paweł Krzysztof Bartosz Tymon",
            "Zuzanna Julia Zofia Hanna Maja Lena Alicja Łucja Wiktoria Oliwia Natalia Małgorzata Katarzyna Agnieszka Ewa",
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk Piotrowski Grabowski Nowicki Pawłowski Michalski Król Wieczorek",
            PolishFeminine, PolishFeminine),
        new("Romanian", 25,
            "Andrei Alexandru Ștefan Mihai Ionuț David Luca Matei Gabriel Darius Răzvan Cristian Vlad Sebastian",
            "Maria Ioana Elena Andreea Alexandra Ana Sofia Bianca Daria Ilinca Denisa Mădălina Ștefania Raluca",
            "Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Constantin Lungu Mocanu Ursu Sârbu Țurcanu Moldovan"),
        new("Lithuanian", 8,
            "Lukas Matas Jokūbas Dominykas Nojus Kajus Benas Herkus Tomas Mantas Gabrielius Dovydas",
            "Emilija Gabija Austėja Lėja Urtė Kamilė Ugnė Saulė Gustė Liepa Amelija Rūta",
            "Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas Urbonas Kavaliauskas Navickas Ramanauskas Balčiūnas",
            LithuanianUnmarried, LithuanianMarried),
        new("Nigerian", 25,
            "Oluwaseun Chukwuemeka Tobi Ayodeji Emeka Chinedu David Daniel Samuel Tolu Ifeanyi Olamide Femi Kelechi Oluwatobi Ebuka Somtochukwu",
            "Adaeze Chiamaka Ngozi Folake Temitope Oluwadamilola Blessing Precious Zainab Amara Chidinma Ifeoma Adaora Oluwaseyi Favour Esther",
            "Okafor Adeyemi Okonkwo Adebayo Eze Balogun Nwosu Ogunleye Chukwu Obi Afolabi Olawale Okeke Nwachukwu Oyelaran Adeleke Babatunde Bello"),
        new("Ghanaian", 12,
            "Kwame Kofi Kwabena Yaw Kojo Kwaku Nana Kwesi Ebo Kwadwo Fiifi Jeremiah",
            "Ama Akosua Abena Efua Adwoa Esi Akua Yaa Afia Maame Nhyira Adjoa",
            "Mensah Boateng Owusu Asante Osei Appiah Agyeman Darko Addo Amoah Ofori Asamoah Acheampong Quaye Tetteh Sarpong"),
        new("Somali", 12,
            "Abdirahman Abdullahi Mohamed Hamza Yusuf Abdirizak Mahad Ayub Liban Guled Khalid Bilal Abdikarim",
            "Hodan Hibo Ayaan Sagal Ikran Ilhan Hamdi Nasteho Fadumo Safiya Maryan Ubah Sumaya",
            "Farah Hassan Warsame Abdi Ali Jama Osman Omar Nur Mohamud Yusuf Duale Egal Aden Hersi Ahmed Ismail Abdillahi"),
        new("Eritrean", 6,
            "Yonas Filmon Biniam Dawit Yohannes Robel Natnael Amanuel Henok Mussie Efrem",
            "Senait Helen Semhar Meron Selam Luwam Saba Yordanos Rahel Hiwet Winta",
            "Tesfay Haile Ghebremedhin Tekle Kidane Berhane Mehari Ghirmay Woldu Habte Tesfamariam Gebreyesus Asmerom"),
        new("Pakistani", 50,
            "Muhammad Mohammed Ali Hamza Ibrahim Zain Ayaan Hassan Bilal Usman Abdullah Rayyan Zakariya Haris Imran Musa Yahya Ismail Zayan",
            "Aisha Fatima Maryam Hafsa Zara Amina Inaya Khadija Sana Hania Eshaal Noor Iqra Mahnoor Alishba Zoya Anaya",
            "Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Shah Malik Rashid Butt Raja Chaudhry Qureshi Mirza Javed Aslam Anwar Rehman Saleem Bashir Hanif Sadiq Latif"),
        new("Indian", 40,
            "Arjun Aarav Vihaan Rohan Krishna Dev Aryan Arjan Karanveer Ishaan Reyansh Sai Harjeet Gurdeep Jaskaran Vivaan Advik Rahul Aditya",
            "Anaya Priya Diya Aadhya Ananya Saanvi Isha Kavya Riya Meera Navneet Simran Jasleen Harleen Amrit Tara Aditi Shreya",
            "Patel Singh Sharma Gupta Shah Mistry Gill Sandhu Sidhu Kumar Desai Chauhan Parmar Joshi Mehta Nair Reddy Pillai D'Souza D'Cruz D'Mello Fernandes Dhillon Bains"),
        new("Bangladeshi", 20,
            "Mohammed Abdul Rahim Ayan Rayhan Tahmid Sami Nabil Faisal Shahid Rafi Zayan Arafat Tanvir Ehsan",
            "Tasnim Sumaiya Nusrat Ruksana Fahmida Tahmina Anika Nafisa Jannat Sadia Ishrat Mariam Afsana Rumana",
            "Miah Uddin Rahman Islam Hoque Ahmed Chowdhury Hossain Sarkar Talukdar Alam Karim Siddique Ali"),
        new("Chinese", 12,
            "Wei Hao Jun Jiahao Zihan Yichen Haoran Ming Kai Ethan Ryan Jason Hong Zhen",
            "Xinyi Yutong Mei Ling Jia Zixuan Hui Yan Yuxin Shihan Wing Cindy Grace",
            "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Lin Wong Cheung Chan Leung Lam Ng Ho Lau Tang Yip"),
        new("Vietnamese", 5,
            "Minh Huy Khang Bảo Phúc Đức Anh Long Nam Quân Tuấn Hoàng",
            "Linh Anh Ngọc Thảo Vy Trang Mai Hương Phương Khánh Hà Lan",
            "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Ngô Dương"),
        new("Turkish", 10,
            "Yusuf Emir Mustafa Mehmet Ömer Ali Eren Kerem Burak Arda Çağan Efe Alperen Hüseyin",
            "Ayşe Elif Zeynep Defne Ece Eylül Aslı Büşra Meryem Nisa Melek Gül Hatice Sude",
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Polat Erdoğan Koç Kurt"),
        new("Kurdish", 6,
            "Azad Rebin Hawre Shvan Dilshad Aram Karwan Zana Soran Rawand Baran Rêbaz Şivan",
            "Rojin Berfin Dilan Shilan Avin Hêvî Roza Jiyan Nazdar Evîn Helin Sozdar",
            "Amedi Barzani Zebari Hawrami Mahmoud Karim Rashid Aziz Salih Qadir Abdullah Osman Bapir Jaf Kurdi Baban"),
        new("Portuguese", 10,
            "João Tiago Rodrigo Gonçalo Duarte Martim Afonso Tomás Diogo Rafael Santiago Lourenço Simão",
            "Inês Matilde Beatriz Leonor Carolina Mariana Francisca Lara Constança Margarida Mafalda Luana",
            "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Gonçalves Fernandes Lopes Marques Carvalho Gomes Conceição Araújo Ribeiro"),
        new("Caribbean", 25,
            "Marcus Jamal Tyrone Jayden Kai Malachi Dwayne Kareem Omari Tyrell Jermaine Devon Leon Reuben Zion Isaiah",
            "Shanice Aaliyah Tia Jada Kiara Nia Imani Keisha Destiny Amani Shania Chantelle Tiana Nevaeh Jasmine Kezia",
            "Campbell Williams Brown Thompson Clarke Francis Grant Gordon Reid Richards Morgan Powell Forbes McKenzie Bailey Henry Lewis Stewart Barrett Samuels Spence Wright"),
        new("Arabic", 18,
            "Omar Yousef Adam Ahmad Khalid Kareem Tariq Ziad Hamza Mahmoud Youssef Abdulrahman Mohammed Nabil Sami Karim",
            "Layla Mariam Nour Salma Yasmin Hana Rania Lina Jana Aya Reem Sara Malak Dana Huda",
            "Al-Sayed Haddad Khalil Mansour Nasser Saleh Farouk Hamdan Al-Amin Abdallah Darwish Hashemi El-Masri Al-Rashid Al-Hashimi Jaber Qasim Suleiman"),
        new("Greek", 4,
            "Georgios Dimitrios Konstantinos Nikolaos Ioannis Christos Alexandros Panagiotis Andreas Stavros Michalis Petros",
            "Maria Eleni Sofia Katerina Georgia Despina Anastasia Christina Athena Ioanna Chrysa Eirini",
            "Papadopoulos Georgiou Nikolaou Pappas Christodoulou Konstantinou Ioannou Antoniou Dimitriou Vlachos Economou Karagiannis Papadakis Charalambous",
            GreekFeminine, GreekFeminine),
        new("WesternEuropean", 10,
            "José Mateo Lucas Hugo Léo Raphaël Gabriel Jules Pablo Álvaro Nicolás Luca Matteo Lorenzo",
            "Chloé Léa Inès Camille Manon Lucía Sofía Élodie Amélie Noémie Zoé Giulia Chiara Aurora",
            "Martin Bernard Dubois Lefèvre Moreau García Fernández López Martínez Sánchez Pérez Gómez Díaz Rossi Russo Ferrari Esposito Bianchi Romano"),
    ];

    /// <summary>
    /// Other spellings a child is also recorded under: transliterations, anglicised forms, short
    /// forms used at school. Every accented name also gets its unaccented spelling, the way a
    /// system without accents records it.
    /// </summary>
    public static readonly Dictionary<string, string[]> Variants = BuildVariants(new()
    {
        ["Mohammed"] = ["Muhammad", "Mohamed", "Mohammad"],
        ["Muhammad"] = ["Mohammed", "Muhammed"],
        ["Mohamed"] = ["Mohammed", "Maxamed"],
        ["Ana"] = ["Anna"],
        ["Maria"] = ["Mary", "Marie"],
        ["Yusuf"] = ["Yousef", "Joseph"],
        ["Yousef"] = ["Yusuf", "Youssef"],
        ["Youssef"] = ["Yousef", "Yusuf"],
        ["Aisha"] = ["Ayesha", "Aysha"],
        ["Maryam"] = ["Mariam", "Miriam"],
        ["Mariam"] = ["Maryam"],
        ["Fatima"] = ["Fatma", "Fatimah"],
        ["Abdirahman"] = ["Abdulrahman", "Abdi"],
        ["Abdulrahman"] = ["Abdirahman", "Abdel Rahman"],
        ["Abdullahi"] = ["Abdullah"],
        ["Abdullah"] = ["Abdallah"],
        ["Ahmad"] = ["Ahmed"],
        ["Ibrahim"] = ["Ebrahim", "Ibraheem"],
        ["Zainab"] = ["Zaynab"],
        ["Khadija"] = ["Khadijah"],
        ["Hamza"] = ["Hamzah"],
        ["Omar"] = ["Umar"],
        ["Khalid"] = ["Khaled"],
        ["Chukwuemeka"] = ["Emeka"],
        ["Oluwaseun"] = ["Seun"],
        ["Oluwadamilola"] = ["Damilola", "Dami"],
        ["Temitope"] = ["Tope"],
        ["Oluwatobi"] = ["Tobi"],
        ["Somtochukwu"] = ["Somto"],
        ["Kwabena"] = ["Kobby", "Kobina"],
        ["Katarzyna"] = ["Kasia", "Katherine"],
        ["Wojciech"] = ["Voytek"],
        ["Krzysztof"] = ["Christopher"],
        ["Małgorzata"] = ["Gosia", "Margaret"],
        ["Mikołaj"] = ["Nicholas"],
        ["Jakub"] = ["Jacob", "Kuba"],
        ["Aleksander"] = ["Alexander", "Olek"],
        ["Zuzanna"] = ["Susanna", "Zuzia"],
        ["Paweł"] = ["Paul"],
        ["Michał"] = ["Michael"],
        ["Andrei"] = ["Andrew", "Andrey"],
        ["Ioana"] = ["Joanna"],
        ["Mihai"] = ["Michael"],
        ["Georgios"] = ["George"],
        ["Ioannis"] = ["John", "Yiannis"],
        ["Konstantinos"] = ["Costas"],
        ["Nikolaos"] = ["Nicholas", "Nikos"],
        ["Eleni"] = ["Helen"],
        ["Dimitrios"] = ["Dimitris", "Jimmy"],
        ["Panagiotis"] = ["Peter", "Takis"],
        ["Siobhán"] = ["Shivaun"],
        ["Niamh"] = ["Neve"],
        ["Aoife"] = ["Eva", "Effie"],
        ["Seán"] = ["Shaun"],
        ["Caoimhe"] = ["Keeva"],
        ["Róisín"] = ["Rosheen"],
        ["Saoirse"] = ["Seersha"],
        ["Tadhg"] = ["Tiege"],
        ["Oisín"] = ["Osheen"],
        ["Méabh"] = ["Maeve"],
        ["Jokūbas"] = ["Jacob"],
        ["Nojus"] = ["Noah"],
        ["Wei"] = ["William"],
        ["Jiahao"] = ["Jason"],
        ["Zihan"] = ["Ethan"],
        ["Xinyi"] = ["Cindy"],
        ["Yuxin"] = ["Emily"],
        ["Minh"] = ["Ming"],
        ["Yohannes"] = ["John", "Yohanes"],
        ["Dawit"] = ["David"],
        ["Biniam"] = ["Binyam"],
        ["Henok"] = ["Enoch"],
        ["Yonas"] = ["Jonas"],
        ["Senait"] = ["Senayt"],
        ["Mehmet"] = ["Mehmed"],
        ["Hüseyin"] = ["Hussein"],
        ["Ayşe"] = ["Aisha"],
        ["João"] = ["John"],
        ["Dafydd"] = ["David"],
        ["Gruffudd"] = ["Griffith"],
        ["Hussain"] = ["Hussein", "Husain"],
        ["Chowdhury"] = ["Choudhury", "Chaudhry"],
        ["Chaudhry"] = ["Chowdhury"],
        ["Mahmood"] = ["Mahmud"],
        ["Rehman"] = ["Rahman"],
        ["Rahman"] = ["Rehman"],
        ["Hoque"] = ["Haque", "Huq"],
        ["Mohamud"] = ["Mohamed"],
        ["Ahmed"] = ["Ahmad"],
        ["Al-Sayed"] = ["Alsayed", "El-Sayed"],
        ["El-Masri"] = ["Al-Masri"],
        ["Al-Rashid"] = ["Rashid"],
        ["Qasim"] = ["Kassim"],
        ["Suleiman"] = ["Sulaiman"],
        ["Tesfay"] = ["Tesfaye"],
        ["Alexander"] = ["Alex"],
        ["William"] = ["Will", "Billy"],
        ["Thomas"] = ["Tom", "Tommy"],
        ["Joseph"] = ["Joe"],
        ["Samuel"] = ["Sam", "Sammy"],
        ["Daniel"] = ["Danny"],
        ["Jacob"] = ["Jake"],
        ["Joshua"] = ["Josh"],
        ["Edward"] = ["Teddy", "Ed"],
        ["Henry"] = ["Harry"],
        ["Frederick"] = ["Freddie"],
        ["Isabella"] = ["Bella", "Izzy"],
        ["Charlotte"] = ["Lottie"],
        ["Matilda"] = ["Tilly"],
        ["Florence"] = ["Flo"],
        ["Abigail"] = ["Abbie"],
        ["Olivia"] = ["Liv"],
        ["Sophia"] = ["Sofia"],
        ["Zoe"] = ["Zoë", "Zoey"],
        ["Chloe"] = ["Chloé"],
        ["Ellie-Mae"] = ["Ellie Mae"],
        ["Lilly-Rose"] = ["Lily-Rose"],
        ["Lacey-Mae"] = ["Lacey Mae"],
        ["Jayden"] = ["Jaden"],
        ["Aaliyah"] = ["Aliyah"],
        ["Layla"] = ["Leila", "Laila"],
        ["Zara"] = ["Zahra"],
        ["Nour"] = ["Noor"],
        ["Noor"] = ["Nour"],
    });

    private static readonly Weighted OriginWeights = new([.. Origins.Select(o => o.Weight)]);

    /// <summary>An origin in the national mix, for people not tied to one area's mix.</summary>
    public static Origin PickOrigin(Prng rng) => Origins[OriginWeights.Pick(rng)];

    /// <summary>Lower-case ASCII letters only, for the local part and domain of email addresses.</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in Fold(text))
        {
            if (char.IsAsciiLetterLower(c))
            {
                slug.Append(c);
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                slug.Append((char)(c + ('a' - 'A')));
            }
        }

        return slug.Length > 0 ? slug.ToString() : throw new InvalidOperationException($"'{text}' has no ASCII letters for an email address");
    }

    /// <summary>The spelling a system without accents would record: "Łucja" becomes "Lucja".</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            switch (c)
            {
                // Letters that do not decompose into a base letter and an accent.
                case 'Ł': folded.Append('L'); break;
                case 'ł': folded.Append('l'); break;
                case 'Đ': folded.Append('D'); break;
                case 'đ': folded.Append('d'); break;
                case 'ı': folded.Append('i'); break;
                default:
                    if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                    {
                        folded.Append(c);
                    }

                    break;
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    private static Dictionary<string, string[]> BuildVariants(Dictionary<string, string[]> listed)
    {
        var variants = new Dictionary<string, string[]>(listed, StringComparer.Ordinal);
        foreach (var origin in Origins)
        {
            foreach (var names in (Name[][])[origin.Boys, origin.Girls, origin.Families, origin.GirlFamilies, origin.WifeFamilies])
            {
                foreach (var name in names)
                {
                    var folded = Fold(name.Text);
                    if (folded == name.Text)
                    {
                        continue;
                    }

                    variants[name.Text] = variants.TryGetValue(name.Text, out var existing)
                        ? existing.Contains(folded) ? existing : [.. existing, folded]
                        : [folded];
                }
            }
        }

        return variants;
    }

    private static string PolishFeminine(string name) =>
        name.EndsWith("ki", StringComparison.Ordinal) ? string.Concat(name.AsSpan(0, name.Length - 1), "a") : name;

    private static string LithuanianUnmarried(string name) => LithuanianFeminine(name, "iūtė", "aitė", "utė", "ytė");

    private static string LithuanianMarried(string name) => LithuanianFeminine(name, "ienė", "ienė", "uvienė", "ienė");

    private static string LithuanianFeminine(string name, string ius, string aS, string us, string iS) =>
        name.EndsWith("ius", StringComparison.Ordinal) ? name[..^3] + ius
        : name.EndsWith("as", StringComparison.Ordinal) ? name[..^2] + aS
        : name.EndsWith("us", StringComparison.Ordinal) ? name[..^2] + us
        : name.EndsWith("is", StringComparison.Ordinal) ? name[..^2] + iS
        : name;

    private static string GreekFeminine(string name) =>
        name.EndsWith("os", StringComparison.Ordinal) ? name[..^2] + "ou"
        : name.EndsWith("is", StringComparison.Ordinal) || name.EndsWith("as", StringComparison.Ordinal) ? name[..^1]
        : name;
}
