"""Gold for the wire reports of bench/dev (see gold_lib.py).

Wire style: dateline, attributions ("officials said"), denials, claims, figures that differ
between sources, relative dates ("on Sunday", "the next day") resolved against the
published date.  Written before sitrep was run on the texts."""
from gold_lib import Gold, date, place

BGD = place("Baghdad", "IQ", 33.31, 44.37, admin1="Baghdad")
GREEN_ZONE = place("Green Zone, Baghdad", "IQ", 33.30, 44.39, admin1="Baghdad", precision="district")
ERBIL = place("Erbil", "IQ", 36.19, 44.01, admin1="Erbil")
IRAQ = place("Iraq", "IQ", precision="country")

# --- published Saturday 2020-12-26: Sunday = 20th, Wednesday = 23rd, Thursday = 24th ---
g = Gold("2020-12-26-wire-embassy-rockets")
g.actor("iraqi-security-forces", ["Iraqi security forces", "Iraqi military", "security forces"])
g.actor("asaib-ahl-al-haq", ["Asaib Ahl al-Haq"])
g.actor("united-states", ["US", "United States", "US embassy", "US forces", "American"])
g.actor("us-central-command", ["US Central Command"])
g.actor("donald-trump", ["President Donald Trump", "Donald Trump", "Trump"], role="President")
g.actor("iran", ["Iran", "Iranian", "Tehran"])
g.actor("javad-zarif", ["Iranian Foreign Minister Mohammad Javad Zarif", "Mohammad Javad Zarif", "Zarif"],
        role="Foreign Minister")
g.actor("qais-al-khazali", ["Qais al-Khazali", "Khazali"])
g.actor("qassem-soleimani", ["Qassem Soleimani", "Soleimani"], role="commander")
g.actor("abu-mahdi-al-muhandis", ["Abu Mahdi al-Muhandis", "al-Muhandis", "Muhandis"],
        role="deputy head of the Popular Mobilization Forces")
g.actor("popular-mobilization-forces", ["Popular Mobilization Forces", "PMF"])
g.event("e1", "arrest", ["iraqi-security-forces"], ["asaib-ahl-al-haq"],
        ["Iraqi security forces have detained a member of the Iran-backed militia Asaib Ahl al-Haq on suspicion of involvement in Sunday's rocket attack on the US embassy in Baghdad",
         "The suspect was arrested on Thursday"],
        date=date("2020-12-24", text="on Thursday"), location=BGD,
        note="reported on Saturday; the arrest itself was on Thursday")
g.event("e2", "shelling", [], ["united-states"],
        ["Katyusha rockets slammed into the heavily fortified Green Zone on Sunday night, causing minor damage to the embassy compound",
         "The Iraqi military said eight rockets had been fired"],
        date=date("2020-12-20", text="on Sunday night"), location=GREEN_ZONE, fatalities=0,
        note="8 rockets (Iraqi military) or 21 (CENTCOM); perpetrators unnamed; 'Nobody was killed'")
g.event("e3", "statement", ["iraqi-security-forces"], [],
        "The Iraqi military said eight rockets had been fired by an \"outlaw group\"",
        date=date("2020-12-20", "2020-12-26", "range"), required=False, note="source's account of e2")
g.event("e4", "statement", ["us-central-command"], [],
        "US Central Command put the number at 21 and said the barrage was almost certainly launched by an Iranian-backed rogue militia group",
        date=date("2020-12-20", "2020-12-26", "range"),
        note="attribution of blame; an accusation (condemnation) reading is close")
g.event("e5", "threat", ["donald-trump"], ["iran"],
        "President Donald Trump warned Iran that he would hold it responsible if a single American was killed",
        date=date("2020-12-23", text="On Wednesday"))
g.event("e6", "statement", ["javad-zarif"], ["donald-trump"],
        "Iranian Foreign Minister Mohammad Javad Zarif rejected the accusation the next day",
        date=date("2020-12-24", text="the next day"), caused_by="e5", note="denial of Trump's accusation")
g.event("e7", "statement", ["asaib-ahl-al-haq"], [], "denied any role in the attack",
        date=date("2020-12-24", "2020-12-26", "range"), caused_by="e1", note="denial")
g.event("e8", "demand", ["asaib-ahl-al-haq"], ["iraqi-security-forces"], "called for his release",
        date=date("2020-12-24", "2020-12-26", "range"), caused_by="e1", required=False)
g.event("e9", "agreement", [], ["united-states"],
        "Iran-aligned factions had announced a conditional halt to attacks on US forces in October",
        date=date("2020-10", text="in October", precision="month"), required=False, note="unilateral truce")
g.event("e10", "air_strike", ["united-states"], ["qassem-soleimani", "abu-mahdi-al-muhandis"],
        "the US drone strike that killed Iranian commander Qassem Soleimani and Abu Mahdi al-Muhandis",
        date=date("2020-01-03", "2020-01-09", "range", text="less than two weeks before the first anniversary"),
        location=place("Baghdad airport", "IQ", 33.26, 44.23, admin1="Baghdad"),
        note="background; the date follows from 'first anniversary' (3 January 2020)")
g.rel("asaib-ahl-al-haq", "backed_by", "iran", "the Iran-backed militia Asaib Ahl al-Haq")
g.rel("qais-al-khazali", "leads", "asaib-ahl-al-haq", "Asaib Ahl al-Haq, led by Qais al-Khazali")
g.rel("abu-mahdi-al-muhandis", "member_of", "popular-mobilization-forces",
      "Abu Mahdi al-Muhandis, the deputy head of the Popular Mobilization Forces",
      note="a deputy head is a member, not the leader")
g.rel("donald-trump", "leads", "united-states", "President Donald Trump", required=False)
g.rel("javad-zarif", "member_of", "iran", "Iranian Foreign Minister Mohammad Javad Zarif", required=False)
g.rel("qassem-soleimani", "member_of", "iran", "Iranian commander Qassem Soleimani", required=False)
g.write()

# --- published Tuesday 2023-12-26: Monday = 25th ---
g = Gold("2023-12-26-wire-erbil-drone-us-strikes")
g.actor("united-states", ["The United States", "United States", "US", "US service members", "US forces", "US troops"])
g.actor("kataib-hezbollah", ["Kataib Hezbollah"])
g.actor("islamic-resistance-in-iraq", ["The Islamic Resistance in Iraq", "Islamic Resistance in Iraq"])
g.actor("iran", ["Iran"])
g.actor("lloyd-austin", ["Defense Secretary Lloyd Austin", "Lloyd Austin", "Austin"], role="Defense Secretary")
g.actor("joe-biden", ["President Joe Biden", "Joe Biden", "Biden"], role="President")
g.actor("iraq", ["The Iraqi government", "Iraqi government"])
g.actor("iraqi-security-forces", ["security forces"], required=False)
g.actor("popular-mobilization-forces", ["Popular Mobilization Forces", "PMF"])
g.actor("mohammed-shia-al-sudani", ["Prime Minister Mohammed Shia al-Sudani", "Mohammed Shia al-Sudani"],
        role="Prime Minister")
g.actor("israel", ["Israel"], required=False)
g.event("e1", "air_strike", ["united-states"], ["kataib-hezbollah"],
        "The United States carried out air strikes on three facilities used by Kataib Hezbollah and affiliated groups in Iraq early on Tuesday",
        date=date("2023-12-26", text="early on Tuesday"), location=IRAQ, count=3, caused_by="e2",
        note="toll disputed: 'a number of militants' (US) vs 1 killed, 18 wounded (Iraqi government)")
g.event("e2", "air_strike", ["islamic-resistance-in-iraq"], ["united-states"],
        "a one-way attack drone struck Erbil air base and wounded three US service members",
        date=date("2023-12-25", text="hours after"), location=ERBIL, injured=3,
        claimed_by="islamic-resistance-in-iraq", note="attacker known from the claim")
g.event("e3", "claim_responsibility", ["islamic-resistance-in-iraq"], ["united-states"],
        "The Islamic Resistance in Iraq, an umbrella of Iran-backed armed factions, claimed the drone attack on Monday",
        date=date("2023-12-25", text="on Monday"))
g.event("e4", "statement", ["lloyd-austin"], [], "Defense Secretary Lloyd Austin said President Joe Biden had ordered the strikes",
        date=date("2023-12-25", "2023-12-26", "range"), required=False, note="acknowledgement of e1")
g.event("e5", "threat", ["lloyd-austin"], [], "the United States would not hesitate to protect its forces",
        date=date("2023-12-25", "2023-12-26", "range"), required=False)
g.event("e6", "statement", ["united-states"], ["kataib-hezbollah"],
        "US officials said the strikes had likely killed a number of Kataib Hezbollah militants",
        date=date("2023-12-26"), required=False, note="casualty account of e1")
g.event("e7", "statement", ["iraq"], [],
        "The Iraqi government said one member of the security forces was killed and 18 people",
        date=date("2023-12-26"), required=False, note="casualty account of e1")
g.event("e8", "air_strike", ["united-states"], ["popular-mobilization-forces"],
        "one of the strikes hit a Popular Mobilization Forces site near Hilla, south of Baghdad",
        date=date("2023-12-26"), location=place("Hilla", "IQ", 32.48, 44.42, admin1="Babil"), required=False,
        note="part of e1")
g.event("e9", "condemnation", ["mohammed-shia-al-sudani", "iraq"], ["united-states"],
        "A spokesman for Prime Minister Mohammed Shia al-Sudani condemned the strikes as a clear hostile act and a violation of Iraqi sovereignty",
        date=date("2023-12-26"), caused_by="e1")
g.event("e10", "air_strike", ["islamic-resistance-in-iraq"], ["united-states"],
        "The Islamic Resistance in Iraq has carried out more than 100 drone and rocket attacks on US forces in Iraq and Syria since mid-October",
        date=date("2023-10-15", "2023-12-26", "range", text="since mid-October"), location=IRAQ, count=100,
        required=False, note="aggregate; drones and rockets (shelling equally fine)")
g.rel("islamic-resistance-in-iraq", "backed_by", "iran",
      "The Islamic Resistance in Iraq, an umbrella of Iran-backed armed factions")
g.rel("mohammed-shia-al-sudani", "leads", "iraq", "Prime Minister Mohammed Shia al-Sudani", required=False)
g.rel("joe-biden", "leads", "united-states", "President Joe Biden", required=False)
g.rel("lloyd-austin", "member_of", "united-states", "Defense Secretary Lloyd Austin", required=False)
g.rel("islamic-resistance-in-iraq", "opposes", "united-states",
      "has carried out more than 100 drone and rocket attacks on US forces", required=False)
g.write()

# --- published Wednesday 2024-01-17: Monday = 15th, Tuesday = 16th ---
g = Gold("2024-01-17-wire-irgc-erbil-missiles")
g.actor("iraq", ["Iraq", "Iraqi officials"])
g.actor("irgc", ["Iran's Revolutionary Guards", "Revolutionary Guards", "The Guards", "Guards"])
g.actor("iran", ["Iran", "Tehran", "Iranian"])
g.actor("mossad", ["Israel's Mossad", "Mossad"])
g.actor("israel", ["Israel", "Israeli"], required=False)
g.actor("islamic-state", ["Islamic State"])
g.actor("un-security-council", ["UN Security Council"], required=False)
g.actor("kurdistan-region-security-council", ["Kurdistan Region Security Council"])
g.actor("peshraw-dizayee", ["Peshraw Dizayee", "Dizayee"], name="Peshraw Dizayee", type="person", country="IQ",
        role="businessman")
g.actor("qasim-al-araji", ["National Security Adviser Qasim al-Araji", "Qasim al-Araji", "al-Araji"],
        role="National Security Adviser")
g.actor("iraqi-ministry-of-foreign-affairs", ["Iraq's foreign ministry"])
g.actor("masrour-barzani", ["Kurdistan Region Prime Minister Masrour Barzani", "Masrour Barzani", "Barzani"],
        role="Kurdistan Region Prime Minister")
g.actor("kurdistan-regional-government", ["Kurdistan Region", "Kurdistan Regional Government"])
g.actor("united-states", ["The United States", "United States", "US"])
g.actor("iran-ministry-of-foreign-affairs", ["Iran's foreign ministry"])
g.event("e1", "shelling", ["irgc"], ["peshraw-dizayee", "mossad"],
        ["a day after Iran's Revolutionary Guards fired ballistic missiles at the northern city of Erbil",
         "The Kurdistan Region Security Council said four civilians were killed and six wounded in Erbil"],
        date=date("2024-01-15", text="a day after"), location=ERBIL, fatalities=4, injured=6,
        note="ballistic missiles; Mossad is the target only in the IRGC's (denied) claim")
g.event("e2", "claim_responsibility", ["irgc"], ["mossad"],
        "The Guards said late on Monday that they had destroyed an \"espionage headquarters\" of Israel's Mossad in Erbil",
        date=date("2024-01-15", text="late on Monday"), location=ERBIL)
g.event("e3", "shelling", ["irgc"], ["islamic-state"], "missiles struck Islamic State targets in Syria's Idlib province",
        date=date("2024-01-15"), location=place("Idlib", "SY", 35.93, 36.63, admin1="Idlib", precision="region"),
        certainty="claimed", claimed_by="irgc", note="only the Guards' word")
g.event("e4", "break_relations", ["iraq"], ["iran"], "Iraq recalled its ambassador to Tehran on Tuesday",
        date=date("2024-01-16", text="on Tuesday"), caused_by="e1")
g.event("e5", "condemnation", ["iraq"], ["iran"], "said it would file a complaint with the UN Security Council",
        date=date("2024-01-16"), caused_by="e1", required=False, note="complaint announced")
g.event("e6", "statement", ["iraq"], ["irgc"], "Iraqi officials denied that any Israeli facility existed in the city",
        date=date("2024-01-15", "2024-01-17", "range"), caused_by="e2", note="denial of the IRGC claim")
g.event("e7", "statement", ["qasim-al-araji"], ["iran"],
        "said the house belonged to a local businessman and that Iran's claims were baseless",
        date=date("2024-01-16", text="on Tuesday"), caused_by="e2", note="denial")
g.event("e8", "condemnation", ["iraqi-ministry-of-foreign-affairs"], ["iran"],
        "Iraq's foreign ministry condemned the strikes as an aggression against Iraq's sovereignty",
        date=date("2024-01-15", "2024-01-17", "range"), caused_by="e1",
        note="the summoning of Iran's charge d'affaires in the same sentence is part of this protest")
g.event("e10", "condemnation", ["masrour-barzani"], ["iran", "irgc"],
        "Kurdistan Region Prime Minister Masrour Barzani called the attack a crime against the Kurdish people",
        date=date("2024-01-15", "2024-01-17", "range"), caused_by="e1")
g.event("e11", "condemnation", ["united-states"], ["iran", "irgc"],
        "The United States also condemned the \"reckless\" missile strikes",
        date=date("2024-01-15", "2024-01-17", "range"), caused_by="e1")
g.event("e12", "statement", ["iran-ministry-of-foreign-affairs"], [],
        "Tehran respected the sovereignty of other countries but had the right to confront threats to its national security",
        date=date("2024-01-16", "2024-01-17", "range", text="the next day"))
g.rel("masrour-barzani", "leads", "kurdistan-regional-government",
      "Kurdistan Region Prime Minister Masrour Barzani")
g.rel("irgc", "member_of", "iran", "Iran's Revolutionary Guards fired", required=False)
g.rel("mossad", "member_of", "israel", "Israel's Mossad", required=False)
g.rel("qasim-al-araji", "member_of", "iraq", "National Security Adviser Qasim al-Araji", required=False)
g.write()
