namespace ChildIndex.Core.Matching;

/// <summary>The rules of the letters whose sound depends on their neighbours.</summary>
internal sealed partial class MetaphoneEncoder
{
    private bool GermanicStart => At(0, "VAN ", "VON ") || At(0, "SCH");

    private void LetterC()
    {
        // Germanic -ACH- (Bach, Achtung) is hard, but not -ACHI- or -ACHE- (except Bacher, Macher).
        if (_at > 1 && !IsVowel(_at - 2) && At(_at - 1, "ACH") &&
            Char(_at + 2) != 'I' && (Char(_at + 2) != 'E' || At(_at - 2, "BACHER", "MACHER")))
        {
            Add("K");
            Skip(2);
        }
        else if (_at == 0 && At(0, "CAESAR"))
        {
            Add("S");
            Skip(2);
        }
        else if (At(_at, "CHIA"))
        {
            // Italian: Chianti.
            Add("K");
            Skip(2);
        }
        else if (At(_at, "CH"))
        {
            LetterCh();
            Skip(2);
        }
        else if (At(_at, "CZ") && !At(_at - 2, "WICZ"))
        {
            // Czerny.
            Add("S", "X");
            Skip(2);
        }
        else if (At(_at + 1, "CIA"))
        {
            // Focaccia.
            Add("X");
            Skip(3);
        }
        else if (At(_at, "CC") && !(_at == 1 && Char(0) == 'M'))
        {
            LetterCc();
        }
        else if (At(_at, "CK", "CG", "CQ"))
        {
            Add("K");
            Skip(2);
        }
        else if (At(_at, "CI", "CE", "CY"))
        {
            // Italian CIO, CIE, CIA may be CH; English is S.
            if (At(_at, "CIO", "CIE", "CIA"))
            {
                Add("S", "X");
            }
            else
            {
                Add("S");
            }

            Skip(2);
        }
        else
        {
            Add("K");
            // Mac Caffrey, Mac Gregor: the next word's C, Q or G is the same sound.
            Skip(At(_at + 1, " C", " Q", " G") ? 3
                : At(_at + 1, "C", "K", "Q") && !At(_at + 1, "CE", "CI") ? 2
                : 1);
        }
    }

    private void LetterCh()
    {
        if (_at > 0 && At(_at, "CHAE"))
        {
            // Michael.
            Add("K", "X");
        }
        else if (_at == 0 && (At(_at + 1, "HARAC", "HARIS") || At(_at + 1, "HOR", "HYM", "HIA", "HEM")) && !At(0, "CHORE"))
        {
            // Greek roots: Christopher's CH is K (character, chorus, chemistry).
            Add("K");
        }
        else if (GermanicStart || At(_at - 2, "ORCHES", "ARCHIT", "ORCHID") || At(_at + 2, "T", "S") ||
            ((At(_at - 1, "A", "O", "U", "E") || _at == 0) && At(_at + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ")))
        {
            // Germanic or Greek CH before a consonant (Wechsler, Christian) is K.
            Add("K");
        }
        else if (_at > 0)
        {
            // McHugh is K; otherwise English CH, or K in another reading.
            if (At(0, "MC"))
            {
                Add("K");
            }
            else
            {
                Add("X", "K");
            }
        }
        else
        {
            Add("X");
        }
    }

    private void LetterCc()
    {
        // Bellocchio, Bacci, Accident; but not Bacchus.
        if (At(_at + 2, "I", "E", "H") && !At(_at + 2, "HU"))
        {
            if ((_at == 1 && Char(0) == 'A') || At(_at - 1, "UCCEE", "UCCES"))
            {
                Add("KS");
            }
            else
            {
                Add("X");
            }

            Skip(3);
        }
        else
        {
            Add("K");
            Skip(2);
        }
    }

    private void LetterD()
    {
        if (At(_at, "DG"))
        {
            // Edge is J; Edgar is TK.
            if (At(_at + 2, "I", "E", "Y"))
            {
                Add("J");
                Skip(3);
            }
            else
            {
                Add("TK");
                Skip(2);
            }
        }
        else
        {
            Add("T");
            Skip(At(_at, "DT", "DD") ? 2 : 1);
        }
    }

    private void LetterG()
    {
        switch (Char(_at + 1))
        {
            case 'H':
                LetterGh();
                return;
            case 'N':
                LetterGn();
                return;
            default:
                break;
        }

        if (At(_at + 1, "LI") && !_slavoGermanic)
        {
            // Italian GLI: Tagliaro.
            Add("KL", "L");
            Skip(2);
        }
        else if (_at == 0 && (Char(_at + 1) == 'Y' || At(_at + 1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")))
        {
            Add("K", "J");
            Skip(2);
        }
        else if ((At(_at + 1, "ER") || Char(_at + 1) == 'Y') && !At(0, "DANGER", "RANGER", "MANGER") &&
            !At(_at - 1, "E", "I") && !At(_at - 1, "RGY", "OGY"))
        {
            Add("K", "J");
            Skip(2);
        }
        else if (At(_at + 1, "E", "I", "Y") || At(_at - 1, "AGGI", "OGGI"))
        {
            // Soft before E, I, Y, except in Germanic names; always soft in French -GIER.
            if (GermanicStart || At(_at + 1, "ET"))
            {
                Add("K");
            }
            else if (At(_at + 1, "IER "))
            {
                Add("J");
            }
            else
            {
                Add("J", "K");
            }

            Skip(2);
        }
        else
        {
            Add("K");
            Skip(Char(_at + 1) == 'G' ? 2 : 1);
        }
    }

    private void LetterGh()
    {
        if (_at > 0 && !IsVowel(_at - 1))
        {
            Add("K");
        }
        else if (_at == 0)
        {
            // Ghislane is J, Ghana is K.
            Add(Char(_at + 2) == 'I' ? "J" : "K");
        }
        else if ((_at > 1 && At(_at - 2, "B", "H", "D")) || (_at > 2 && At(_at - 3, "B", "H", "D")) || (_at > 3 && At(_at - 4, "B", "H")))
        {
            // Silent after these (Hugh, Bough, Broughton): Parker's rule.
        }
        else if (_at > 2 && Char(_at - 1) == 'U' && At(_at - 3, "C", "G", "L", "R", "T"))
        {
            // Laugh, McLaughlin, Cough, Rough, Tough.
            Add("F");
        }
        else if (Char(_at - 1) != 'I')
        {
            Add("K");
        }

        Skip(2);
    }

    private void LetterGn()
    {
        if (_at == 1 && IsVowel(0) && !_slavoGermanic)
        {
            Add("KN", "N");
        }
        else if (!At(_at + 2, "EY") && Char(_at + 1) != 'Y' && !_slavoGermanic)
        {
            // Cagney keeps the G.
            Add("N", "KN");
        }
        else
        {
            Add("KN");
        }

        Skip(2);
    }

    private void LetterH()
    {
        // Heard only at the start or between vowels, and before a vowel.
        if ((_at == 0 || IsVowel(_at - 1)) && IsVowel(_at + 1))
        {
            Add("H");
            Skip(2);
        }
        else
        {
            Skip(1);
        }
    }

    private void LetterJ()
    {
        if (At(_at, "JOSE") || At(0, "SAN "))
        {
            // Spanish: José, San Jacinto.
            if ((_at == 0 && Char(_at + 4) == ' ') || At(0, "SAN "))
            {
                Add("H");
            }
            else
            {
                Add("J", "H");
            }

            Skip(1);
            return;
        }

        if (_at == 0)
        {
            // Jankelowicz may be Yankelovich.
            Add("J", "A");
        }
        else if (IsVowel(_at - 1) && !_slavoGermanic && Char(_at + 1) is 'A' or 'O')
        {
            // Spanish: Bajador.
            Add("J", "H");
        }
        else if (_at == _last)
        {
            Add("J", string.Empty);
        }
        else if (!At(_at + 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !At(_at - 1, "S", "K", "L"))
        {
            Add("J");
        }

        Skip(Char(_at + 1) == 'J' ? 2 : 1);
    }

    private void LetterL()
    {
        if (Char(_at + 1) != 'L')
        {
            Add("L");
            Skip(1);
            return;
        }

        // Spanish LL (Cabrillo, Gallegos) may be silent.
        if ((_at == _word.Length - 3 && At(_at - 1, "ILLO", "ILLA", "ALLE")) ||
            ((At(_last - 1, "AS", "OS") || At(_last, "A", "O")) && At(_at - 1, "ALLE")))
        {
            Add("L", string.Empty);
        }
        else
        {
            Add("L");
        }

        Skip(2);
    }

    private void LetterM()
    {
        // Dumb, thumb: the B after M is silent.
        var silentB = At(_at - 1, "UMB") && (_at + 1 == _last || At(_at + 2, "ER"));
        Add("M");
        Skip(silentB || Char(_at + 1) == 'M' ? 2 : 1);
    }

    private void LetterP()
    {
        if (Char(_at + 1) == 'H')
        {
            Add("F");
            Skip(2);
            return;
        }

        // The addition to the published rules: P between M and S or T may be silent
        // (Thompson, Sampson, Hampton), in the alternate reading.
        if (Char(_at - 1) == 'M' && At(_at + 1, "S", "T"))
        {
            Add("P", string.Empty);
        }
        else
        {
            Add("P");
        }

        // Campbell, Raspberry.
        Skip(At(_at + 1, "P", "B") ? 2 : 1);
    }

    private void LetterR()
    {
        // French final -IER (Rogier) may drop the R, but not Germanic -MEIER.
        if (_at == _last && !_slavoGermanic && At(_at - 2, "IE") && !At(_at - 4, "ME", "MA"))
        {
            Add(string.Empty, "R");
        }
        else
        {
            Add("R");
        }

        Skip(Char(_at + 1) == 'R' ? 2 : 1);
    }

    private void LetterT()
    {
        if (At(_at, "TION"))
        {
            Add("X");
            Skip(3);
        }
        else if (At(_at, "TIA", "TCH"))
        {
            Add("X");
            Skip(3);
        }
        else if (At(_at, "TH") || At(_at, "TTH"))
        {
            // Thomas and Thames are T, as are Germanic names; otherwise TH (0) or T.
            if (At(_at + 2, "OM", "AM") || GermanicStart)
            {
                Add("T");
            }
            else
            {
                Add("0", "T");
            }

            Skip(2);
        }
        else
        {
            Add("T");
            Skip(At(_at + 1, "T", "D") ? 2 : 1);
        }
    }

    private void LetterW()
    {
        if (At(_at, "WR"))
        {
            Add("R");
            Skip(2);
            return;
        }

        if (_at == 0 && (IsVowel(_at + 1) || At(_at, "WH")))
        {
            // Wasserman may be Vasserman; Womo matches Uomo.
            if (IsVowel(_at + 1))
            {
                Add("A", "F");
            }
            else
            {
                Add("A");
            }
        }

        if ((_at == _last && IsVowel(_at - 1)) || At(_at - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") || At(0, "SCH"))
        {
            // Arnow may be Arnoff; Polish -owski may be -ovski.
            Add(string.Empty, "F");
            Skip(1);
        }
        else if (At(_at, "WICZ", "WITZ"))
        {
            // Polish: Filipowicz.
            Add("TS", "FX");
            Skip(4);
        }
        else
        {
            Skip(1);
        }
    }

    private void LetterX()
    {
        // French final X is silent: Breaux.
        if (!(_at == _last && (At(_at - 3, "IAU", "EAU") || At(_at - 2, "AU", "OU"))))
        {
            Add("KS");
        }

        Skip(At(_at + 1, "C", "X") ? 2 : 1);
    }

    private void LetterZ()
    {
        if (Char(_at + 1) == 'H')
        {
            // Chinese Zhao.
            Add("J");
            Skip(2);
            return;
        }

        if (At(_at + 1, "ZO", "ZI", "ZA") || (_slavoGermanic && _at > 0 && Char(_at - 1) != 'T'))
        {
            Add("S", "TS");
        }
        else
        {
            Add("S");
        }

        Skip(Char(_at + 1) == 'Z' ? 2 : 1);
    }
}
