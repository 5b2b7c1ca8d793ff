"""Gold for the ACLED-style event notes of bench/dev (see gold_lib.py).

Terse notes, several unrelated events per file, absolute dates, place names with the
province in brackets.  Written before sitrep was run on the texts."""
from gold_lib import Gold, date, place

BGD = place("Baghdad", "IQ", 33.31, 44.37, admin1="Baghdad")
BASRA = place("Basra", "IQ", 30.51, 47.81, admin1="Basra")
TIKRIT = place("Tikrit", "IQ", 34.61, 43.68, admin1="Salah al-Din")

g = Gold("2014-06-14-acled-mosul-speicher-fatwa")
g.actor("islamic-state", ["Islamic State", "IS", "IS fighters", "IS militants"])
g.actor("iraqi-security-forces", ["Iraqi army", "Iraqi army and police units", "government forces",
                                  "security forces", "Iraqi Army"])
g.actor("iraqi-air-force", ["Iraqi Air Force", "Iraqi Air Force cadets"])
g.actor("ali-al-sistani", ["Grand Ayatollah Ali al-Sistani", "al-Sistani", "Sistani"], role="Grand Ayatollah")
g.event("e1", "armed_clash", ["islamic-state"], ["iraqi-security-forces"],
        "Islamic State (IS) fighters seized Mosul city (Ninewa) after Iraqi army and police units abandoned their positions",
        date=date("2014-06-10", text="On 10 June 2014"), location=place("Mosul", "IQ", 36.34, 43.13, admin1="Ninewa"),
        note="non-state actor overtakes territory (ACLED Battles); fatalities unknown")
g.event("e2", "withdrawal", ["iraqi-security-forces"], [], "Iraqi army and police units abandoned their positions",
        date=date("2014-06-10"), location=place("Mosul", "IQ", 36.34, 43.13, admin1="Ninewa"), required=False,
        note="same sentence as e1; a separate withdrawal is defensible")
g.event("e3", "armed_clash", ["islamic-state"], ["iraqi-security-forces"],
        "IS militants captured Tikrit (Salah al-Din) with little resistance from government forces",
        date=date("2014-06-11", text="On 11 June 2014"), location=TIKRIT)
g.event("e4", "attack", ["islamic-state"], ["iraqi-air-force"],
        "IS militants executed hundreds of captured Iraqi Air Force cadets from Camp Speicher near Tikrit (Salah al-Din)",
        date=date("2014-06-12", text="On 12 June 2014"),
        location=place("Camp Speicher, Tikrit", "IQ", 34.61, 43.55, admin1="Salah al-Din"),
        note="mass killing of captives; 'hundreds' stated, the 1,700 figure is IS's own claim and disputed")
g.event("e5", "claim_responsibility", ["islamic-state"], ["iraqi-air-force"],
        "IS claimed to have killed 1,700 of them", date=date("2014-06-12", "2014-06-14", "range"),
        required=False, note="propaganda claim of the killing")
g.event("e6", "demand", ["ali-al-sistani"], [],
        "Grand Ayatollah Ali al-Sistani, through his representative at Friday prayers in Karbala, called on able-bodied Iraqis to volunteer for the security forces to fight IS",
        date=date("2014-06-13", text="On 13 June 2014"), location=place("Karbala", "IQ", 32.61, 44.02, admin1="Karbala"),
        note="call to arms (the 2014 fatwa); coded as a call/demand")
g.event("e7", "military_posture", [], [], "Tens of thousands of volunteers answered the call within days",
        date=date("2014-06-13", "2014-06-14", "range"), required=False, note="mobilisation of volunteers")
g.write()

g = Gold("2020-08-20-acled-activist-killings")
g.actor("hisham-al-hashimi", ["Hisham al-Hashimi", "al-Hashimi", "Hashimi"], name="Hisham al-Hashimi", type="person",
        country="IQ", role="security analyst and government adviser")
g.actor("tahseen-osama", ["Tahseen Osama"], name="Tahseen Osama", type="person", country="IQ", role="civil activist")
g.actor("reham-yacoub", ["Reham Yacoub"], name="Reham Yacoub", type="person", country="IQ", role="doctor")
g.actor("tishreen-protesters", ["local protest movement", "protest movement"])
g.event("e1", "assassination", [], ["hisham-al-hashimi"],
        "gunmen on motorcycles shot dead security analyst and government adviser Hisham al-Hashimi outside his home in Zayouna (Baghdad)",
        date=date("2020-07-06", text="On 6 July 2020"),
        location=place("Zayouna, Baghdad", "IQ", 33.33, 44.45, admin1="Baghdad", precision="district"), fatalities=1)
g.event("e2", "threat", [], ["hisham-al-hashimi"], "he had received threats from Iran-aligned armed groups",
        date=None, required=False, note="earlier threats reported by friends; undated")
g.event("e3", "assassination", [], ["tahseen-osama"],
        "unidentified gunmen killed civil activist Tahseen Osama in his office in Basra city (Basra)",
        date=date("2020-08-14", text="On 14 August 2020"), location=BASRA, fatalities=1)
g.event("e4", "assassination", [], ["reham-yacoub"],
        "gunmen opened fire on a car in Basra city (Basra), killing Reham Yacoub",
        date=date("2020-08-19", text="On 19 August 2020"), location=BASRA, fatalities=1)
g.rel("reham-yacoub", "member_of", "tishreen-protesters",
      "Reham Yacoub, a doctor and a leading figure of the local protest movement")
g.write()

g = Gold("2023-07-21-acled-swedish-embassy-tsurkov")
g.actor("sadrist-movement", ["supporters of Shia cleric Muqtada al-Sadr", "Sadr supporters", "supporters of Muqtada al-Sadr"])
g.actor("muqtada-al-sadr", ["Muqtada al-Sadr", "al-Sadr", "Sadr"], role="Shia cleric")
g.actor("sweden", ["Sweden", "Swedish embassy", "Swedish ambassador", "Swedish"], name="Sweden", type="state", country="SE")
g.actor("benjamin-netanyahu", ["Benjamin Netanyahu", "Israeli Prime Minister Benjamin Netanyahu", "Netanyahu"],
        role="Prime Minister")
g.actor("israel", ["Israel", "Israeli"])
g.actor("elizabeth-tsurkov", ["Elizabeth Tsurkov", "Tsurkov"], name="Elizabeth Tsurkov", type="person", country="IL",
        role="researcher")
g.actor("kataib-hezbollah", ["Kataib Hezbollah"])
g.actor("iraqi-security-forces", ["Riot police", "riot police"])
g.actor("iraq", ["Iraqi government"])
g.event("e1", "riot", ["sadrist-movement"], ["sweden"],
        "hundreds of supporters of Shia cleric Muqtada al-Sadr stormed the compound of the Swedish embassy in Baghdad",
        date=date("2023-06-29", text="On 29 June 2023"), location=BGD, fatalities=0,
        note="storming of an embassy; no injuries reported")
g.event("e2", "statement", ["benjamin-netanyahu"], ["kataib-hezbollah"],
        "the office of Israeli Prime Minister Benjamin Netanyahu said that Israeli-Russian researcher Elizabeth Tsurkov",
        date=date("2023-07-05", text="On 5 July 2023"), required=False,
        note="the statement carrying the abduction claim")
g.event("e3", "abduction", ["kataib-hezbollah"], ["elizabeth-tsurkov"],
        "who went missing in Baghdad in March 2023, had been kidnapped by Kataib Hezbollah",
        date=date("2023-03", text="in March 2023", precision="month"), location=BGD,
        certainty="claimed", claimed_by="benjamin-netanyahu",
        note="abduction attributed to KH by Netanyahu's office")
g.event("e4", "riot", ["sadrist-movement"], ["sweden"],
        "Sadr supporters broke into the Swedish embassy in Baghdad and set part of it on fire",
        date=date("2023-07-20", text="On 20 July 2023, before dawn"), location=BGD)
g.event("e5", "repression", ["iraqi-security-forces"], ["sadrist-movement"],
        "Riot police used water cannon and batons to disperse them",
        date=date("2023-07-20"), location=BGD, caused_by="e4")
g.event("e6", "break_relations", ["iraq"], ["sweden"], "the Iraqi government expelled the Swedish ambassador",
        date=date("2023-07-20", text="Later the same day"), location=BGD, caused_by="e4",
        note="expulsion of an ambassador (CAMEO 16x)")
g.rel("benjamin-netanyahu", "leads", "israel", "Israeli Prime Minister Benjamin Netanyahu")
g.rel("muqtada-al-sadr", "leads", "sadrist-movement", "supporters of Shia cleric Muqtada al-Sadr", required=False)
g.write()
