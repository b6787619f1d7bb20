using ChildIndex.Contracts.V1;
using Google.Protobuf.Collections;

namespace ChildIndex.SyntheticData;

/// <summary>A generated child: the registration an agency would send, and the involvements to
/// record once the child has an index identifier.</summary>
public sealed record SyntheticChild(RegisterChildRequest Registration, IReadOnlyList<Involvement> Involvements);

/// <summary>
/// Generates synthetic children, the same ones for the same seed and date, on any machine.
/// Children 0 to 2 are fixed showcase children (see <see cref="ShowcaseCount"/>). Every
/// registration and involvement passes the server's validation, and NHS numbers, UPNs,
/// agency-local ids and request ids are unique by construction, without remembering those issued:
/// the stream holds one child at a time.
/// </summary>
public sealed class SyntheticChildren(int seed, DateOnly today)
{
    /// <summary>Identifiers stay unique for this many children (two blocks of ten million).</summary>
    public const int MaxCount = 2 * NhsNumbers.PerBlock;

    /// <summary>The first children are the same for every seed: Zoë Okafor-Davies, Kwame Mensah
    /// and Siobhán O'Brien, used by the README's examples and by tests.</summary>
    public const int ShowcaseCount = Showcase.Count;

    public int Seed { get; } = seed;

    public DateOnly Today { get; } = today;

    public IEnumerable<SyntheticChild> Generate(int count) => Generate(0, count);

    /// <summary>Children start to start + count - 1, exactly as <see cref="Generate(int)"/> yields
    /// them, so that an interrupted load can resume where it stopped.</summary>
    public IEnumerable<SyntheticChild> Generate(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + count, MaxCount, nameof(count));
        return Stream(start, count);
    }

    private IEnumerable<SyntheticChild> Stream(int start, int count)
    {
        var factory = new ChildFactory(Seed, Today);
        for (var index = start; index < start + count; index++)
        {
            yield return factory.Create(index);
        }
    }
}

/// <summary>Makes one child at a time. Every random choice comes from a stream seeded by
/// (seed, index) alone, so a child never depends on the children before it.</summary>
internal sealed partial class ChildFactory
{
    private readonly int _seed;
    private readonly DateOnly _today;

    // The calendar year in which the current school year began (school years start on 1 September).
    private readonly int _schoolYear;
    private readonly Prng _rng = new();
    private readonly Scramble _nhs;
    private readonly Scramble _upn;
    private readonly Scramble _localIds;

    public ChildFactory(int seed, DateOnly today)
    {
        _seed = seed;
        _today = today;
        _schoolYear = today.Month >= 9 ? today.Year : today.Year - 1;
        var key = (ulong)(uint)seed << 32;
        _nhs = new Scramble(NhsNumbers.PerBlock, key | 1, Showcase.Count, Showcase.NhsPayloads);
        _upn = new Scramble(Upns.PerBlock, key | 2, Showcase.Count, Showcase.UpnPayloads);
        _localIds = new Scramble(100_000_000, key | 3, 0);
    }

    public SyntheticChild Create(int index)
    {
        var requestId = RequestIds.For(_seed, index);
        if (index < Showcase.Count)
        {
            return Showcase.Create(index, requestId);
        }

        _rng.Reset(Prng.Mix((((ulong)(uint)_seed << 32) | (uint)index) ^ 0x4348494C44UL));
        var area = Places.PickArea(_rng);
        var origin = area.PickOrigin(_rng);
        var gender = PickGender();
        var dob = DateOnly.FromDayNumber(_today.DayNumber - _rng.Next(_today.DayNumber - _today.AddYears(-18).DayNumber));
        var age = AgeOn(dob, _today);
        var details = new ChildDetails { Gender = gender, DateOfBirth = ToDate(dob) };
        var female = gender == Gender.Female || (gender != Gender.Male && _rng.Chance(5000));
        var family = new Family(this, origin, female, area);
        var givenNames = GivenNames(_rng.Chance(700) ? Names.PickOrigin(_rng) : origin, female);
        // Carers first: adoption or a step-parent can change the child's family name.
        family.AddCarers(details.Carers);
        details.Name = new PersonName { GivenNames = givenNames, FamilyName = family.ChildFamily };
        AddOtherNames(details, family.FormerFamily);

        var residence = _rng.Next(10_000);
        if (residence < 30)
        {
            details.NoFixedAbode = new NoFixedAbode();
        }
        else if (residence >= 80)
        {
            details.Address = Places.Address(_rng, area);
        }

        var identifiers = new ChildIdentifiers { NhsNumber = NhsNumber(index) };
        if (age >= 4 && area.LaCode is { } la)
        {
            identifiers.Upn = Upn(index, la, dob);
        }

        var involvements = Involvements(area, dob, age, family.KnownToSocialCare);
        AddLocalIds(identifiers, involvements, index);
        var registration = new RegisterChildRequest { RequestId = requestId, Details = details, Identifiers = identifiers };
        return new SyntheticChild(registration, involvements);
    }

    public static Google.Type.Date ToDate(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    private static int AgeOn(DateOnly dob, DateOnly day)
    {
        var age = day.Year - dob.Year;
        return day < dob.AddYears(age) ? age - 1 : age;
    }

    private Gender PickGender()
    {
        var roll = _rng.Next(1000);
        return roll < 490 ? Gender.Male : roll < 980 ? Gender.Female : roll < 995 ? Gender.NotKnown : Gender.NotSpecified;
    }

    private string GivenNames(Origin origin, bool female)
    {
        var first = _rng.Pick(female ? origin.Girls : origin.Boys).Text;
        var roll = _rng.Next(100);
        if (roll < 62)
        {
            return first;
        }

        // Middle names often come from another tradition (a grandparent's name, an English name).
        var middleOrigin = _rng.Chance(2500) ? Names.Origins[0] : origin;
        var second = _rng.Pick(female ? middleOrigin.Girls : middleOrigin.Boys).Text;
        if (second == first)
        {
            return first;
        }

        if (roll < 95)
        {
            return string.Concat(first, " ", second);
        }

        var third = _rng.Pick(female ? origin.Girls : origin.Boys).Text;
        return third == first || third == second ? string.Concat(first, " ", second) : string.Concat(first, " ", second, " ", third);
    }

    private void AddOtherNames(ChildDetails details, string? formerFamily)
    {
        var name = details.Name;
        // An adoptive family can, by chance, bear the birth family's name: nothing to record then.
        if (formerFamily is not null && formerFamily != name.FamilyName)
        {
            details.OtherNames.Add(new OtherName
            {
                Kind = OtherNameKind.Former,
                Name = new PersonName { GivenNames = name.GivenNames, FamilyName = formerFamily },
            });
        }

        if (!_rng.Chance(1300))
        {
            return;
        }

        var space = name.GivenNames.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? name.GivenNames : name.GivenNames[..space];
        PersonName? alias = null;
        if (Names.Variants.TryGetValue(first, out var givenVariants))
        {
            var variant = _rng.Pick(givenVariants);
            alias = new PersonName { GivenNames = space < 0 ? variant : string.Concat(variant, name.GivenNames.AsSpan(space)), FamilyName = name.FamilyName };
        }
        else if (Names.Variants.TryGetValue(name.FamilyName, out var familyVariants))
        {
            alias = new PersonName { GivenNames = name.GivenNames, FamilyName = _rng.Pick(familyVariants) };
        }

        if (alias is not null)
        {
            details.OtherNames.Add(new OtherName { Kind = OtherNameKind.Alias, Name = alias });
        }
    }

    private string NhsNumber(int index)
    {
        var block = index / NhsNumbers.PerBlock;
        var offset = (ulong)(index % NhsNumbers.PerBlock);
        return block == 0
            ? NhsNumbers.Format('9', _nhs.Value(offset))
            : NhsNumbers.Format('8', _nhs.Apply(offset));
    }

    private string Upn(int index, int laCode, DateOnly dob)
    {
        var block = index / Upns.PerBlock;
        var offset = (ulong)(index % Upns.PerBlock);
        // Allocated when the child joined Reception (the September after turning 4), or this
        // year for a child who has one early.
        var reception = dob.Year + (dob.Month >= 9 ? 5 : 4);
        var year = Math.Min(reception, _today.Year);
        return block == 0
            ? Upns.Format(laCode, _upn.Value(offset), year, temporary: false)
            : Upns.Format(laCode, _upn.Apply(offset), year, temporary: true);
    }

    private void AddLocalIds(ChildIdentifiers identifiers, List<Involvement> involvements, int index)
    {
        // The agencies that keep their own case numbers and register children with them. The
        // value is a bijection of the index, so it is unique within every organisation.
        Span<char> digits = stackalloc char[8];
        foreach (var involvement in involvements)
        {
            var (prefix, chance) = involvement.ServiceType switch
            {
                ServiceType.SocialCare => ("", 9000),
                ServiceType.EarlyHelp => ("EH-", 5000),
                ServiceType.YouthOffending => ("YJS/", 9000),
                _ => (null, 0),
            };
            if (prefix is null || !_rng.Chance(chance))
            {
                continue;
            }

            NhsNumbers.WriteDigits(digits, _localIds.Apply((ulong)index));
            identifiers.LocalIds.Add(new LocalIdentifier
            {
                OrganisationCode = involvement.Organisation.Code,
                Value = string.Concat(prefix, digits),
            });
        }
    }

    private string Mobile()
    {
        var last = Places.ThreeDigits[_rng.Next(1000)];
        // People write numbers in several ways; the index has to find them all.
        var style = _rng.Next(10);
        return style < 8 ? string.Concat("07700 900", last) : style < 9 ? string.Concat("07700900", last) : string.Concat("+44 7700 900", last);
    }

    private string Email(Name given, Name family)
    {
        var domain = _rng.Chance(6000) ? "@example.com" : "@example.org";
        return _rng.Next(3) switch
        {
            0 => string.Concat(given.Slug, ".", family.Slug, domain),
            1 => string.Concat(given.Slug, family.Slug, Places.Numbers[_rng.Between(1, 99)], domain),
            _ => string.Concat(given.Slug.AsSpan(0, 1), family.Slug, domain),
        };
    }

    private Carer NewCarer(Name given, Name family, CarerRelationship relationship, bool responsibility, int phoneChance = 8500, int emailChance = 3500)
    {
        var carer = new Carer
        {
            Name = new PersonName { GivenNames = given.Text, FamilyName = family.Text },
            Relationship = relationship,
            HasParentalResponsibility = responsibility,
        };
        if (_rng.Chance(phoneChance))
        {
            carer.Phone = Mobile();
        }

        if (_rng.Chance(emailChance))
        {
            carer.Email = Email(given, family);
        }

        return carer;
    }

    /// <summary>The child's family: who the parents are, which family name the child took, and
    /// who cares for the child.</summary>
    private sealed class Family
    {
        private readonly ChildFactory _factory;
        private readonly Prng _rng;
        private readonly Area _area;
        private readonly bool _female;
        private readonly Origin _fatherOrigin;
        private readonly Origin _motherOrigin;
        private readonly int _paternal;
        private readonly int _maternal;
        private readonly bool _married;

        public Family(ChildFactory factory, Origin origin, bool female, Area area)
        {
            _factory = factory;
            _rng = factory._rng;
            _area = area;
            _female = female;
            _fatherOrigin = origin;
            _motherOrigin = _rng.Chance(1200) ? Names.PickOrigin(_rng) : origin;
            _paternal = _rng.Next(_fatherOrigin.Families.Length);
            _maternal = _rng.Next(_motherOrigin.Families.Length);
            _married = _rng.Chance(5500);

            var fathers = ChildForm(_fatherOrigin, _paternal);
            var mothers = ChildForm(_motherOrigin, _maternal);
            var roll = _rng.Next(10_000);
            if (!_married && roll < 900 && mothers != fathers)
            {
                ChildFamily = string.Concat(mothers, "-", fathers);
                if (_rng.Chance(2500))
                {
                    // Registered at birth under the mother's name; the father's added later.
                    FormerFamily = mothers;
                }
            }
            else
            {
                ChildFamily = !_married && roll < 4000 ? mothers : fathers;
            }
        }

        public string ChildFamily { get; private set; }

        public string? FormerFamily { get; private set; }

        /// <summary>Fostered or under special guardianship: social care is involved.</summary>
        public bool KnownToSocialCare { get; private set; }

        private Name Father => _rng.Pick(_fatherOrigin.Boys);

        private Name Mother => _rng.Pick(_motherOrigin.Girls);

        private Name FatherFamily => _fatherOrigin.Families[_paternal];

        private Name MotherFamily => _married ? _fatherOrigin.WifeFamilies[_paternal] : _motherOrigin.GirlFamilies[_maternal];

        public void AddCarers(RepeatedField<Carer> carers)
        {
            var scenario = _rng.Next(10_000);
            if (scenario < 6300)
            {
                carers.Add(_factory.NewCarer(Mother, MotherFamily, CarerRelationship.Mother, true));
                // An unmarried father has parental responsibility once named on the birth certificate.
                var father = _factory.NewCarer(Father, FatherFamily, CarerRelationship.Father, _married || _rng.Chance(9300));
                if (!_married && _rng.Chance(2000))
                {
                    father.Address = Places.Address(_rng, _area);
                }

                carers.Add(father);
            }
            else if (scenario < 8400)
            {
                carers.Add(_factory.NewCarer(Mother, MotherFamily, CarerRelationship.Mother, true));
            }
            else if (scenario < 8700)
            {
                carers.Add(_factory.NewCarer(Father, FatherFamily, CarerRelationship.Father, true));
            }
            else if (scenario < 9150)
            {
                StepFamily(carers);
            }
            else if (scenario < 9500)
            {
                // Grandparents bringing the child up, usually under a child arrangements order.
                var responsibility = _rng.Chance(6000);
                carers.Add(_factory.NewCarer(Mother, _motherOrigin.WifeFamilies[_maternal], CarerRelationship.Grandparent, responsibility));
                if (_rng.Chance(3000))
                {
                    carers.Add(_factory.NewCarer(_rng.Pick(_motherOrigin.Boys), _motherOrigin.Families[_maternal], CarerRelationship.Grandparent, responsibility));
                }

                if (_rng.Chance(4000))
                {
                    carers.Add(_factory.NewCarer(Mother, MotherFamily, CarerRelationship.Mother, true, phoneChance: 5000));
                }
            }
            else if (scenario < 9600)
            {
                // Foster carers never hold parental responsibility: the parents and the local
                // authority do.
                KnownToSocialCare = true;
                var fosterOrigin = Names.PickOrigin(_rng);
                var fosterFamily = _rng.Next(fosterOrigin.Families.Length);
                carers.Add(_factory.NewCarer(_rng.Pick(fosterOrigin.Girls), fosterOrigin.WifeFamilies[fosterFamily], CarerRelationship.FosterCarer, false, phoneChance: 10_000));
                if (_rng.Chance(5000))
                {
                    carers.Add(_factory.NewCarer(_rng.Pick(fosterOrigin.Boys), fosterOrigin.Families[fosterFamily], CarerRelationship.FosterCarer, false, phoneChance: 10_000));
                }

                if (_rng.Chance(7000))
                {
                    carers.Add(_factory.NewCarer(Mother, MotherFamily, CarerRelationship.Mother, true, phoneChance: 5000));
                }
            }
            else if (scenario < 9660)
            {
                // A special guardianship order gives a relative, often an aunt, parental responsibility.
                KnownToSocialCare = true;
                carers.Add(_factory.NewCarer(Mother, _motherOrigin.WifeFamilies[_rng.Next(_motherOrigin.Families.Length)], CarerRelationship.SpecialGuardian, true));
                if (_rng.Chance(4000))
                {
                    carers.Add(_factory.NewCarer(_rng.Pick(_motherOrigin.Boys), _motherOrigin.Families[_maternal], CarerRelationship.SpecialGuardian, true));
                }
            }
            else if (scenario < 9720)
            {
                // Adopted: the adopters' family name now, the birth name kept as a former name.
                var adoptive = Names.PickOrigin(_rng);
                var adoptiveFamily = _rng.Next(adoptive.Families.Length);
                FormerFamily = ChildFamily;
                ChildFamily = ChildForm(adoptive, adoptiveFamily);
                carers.Add(_factory.NewCarer(_rng.Pick(adoptive.Girls), adoptive.WifeFamilies[adoptiveFamily], CarerRelationship.AdoptiveParent, true));
                carers.Add(_factory.NewCarer(_rng.Pick(adoptive.Boys), adoptive.Families[adoptiveFamily], CarerRelationship.AdoptiveParent, true));
            }
            else
            {
                carers.Add(_factory.NewCarer(Mother, MotherFamily, CarerRelationship.Mother, true));
                carers.Add(_factory.NewCarer(Mother, _motherOrigin.WifeFamilies[_rng.Next(_motherOrigin.Families.Length)], CarerRelationship.OtherRelative, false));
            }
        }

        private void StepFamily(RepeatedField<Carer> carers)
        {
            var stepOrigin = _rng.Chance(7000) ? _fatherOrigin : Names.PickOrigin(_rng);
            var step = _rng.Next(stepOrigin.Families.Length);
            var tookStepName = _rng.Chance(3500) && ChildForm(stepOrigin, step) != ChildFamily;
            var motherFamily = tookStepName ? stepOrigin.WifeFamilies[step] : MotherFamily;
            carers.Add(_factory.NewCarer(Mother, motherFamily, CarerRelationship.Mother, true));
            // A step-parent has parental responsibility only by agreement or a court order.
            carers.Add(_factory.NewCarer(_rng.Pick(stepOrigin.Boys), stepOrigin.Families[step], CarerRelationship.StepParent, _rng.Chance(2000)));
            if (tookStepName)
            {
                FormerFamily = ChildFamily;
                ChildFamily = ChildForm(stepOrigin, step);
            }
        }

        private string ChildForm(Origin origin, int family) => (_female ? origin.GirlFamilies : origin.Families)[family].Text;
    }
}
