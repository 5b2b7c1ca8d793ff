"""Gold for the analysis pieces of bench/dev (see gold_lib.py).

Opinion and background: a recent event, then history (2003-2018) told in passing, with many
relations between actors (who leads, founded, backs whom, who is part of what).  Background
events that a conflict dataset would keep are required; vague aggregates are not.
Written before sitrep was run on the texts."""
from gold_lib import Gold, date, place

BGD = place("Baghdad", "IQ", 33.31, 44.37, admin1="Baghdad")
IRAQ = place("Iraq", "IQ", precision="country")

# --- published Monday 2019-12-09: Friday = 6 December ---
g = Gold("2019-12-09-analysis-khazali-sanctions")
g.actor("us-treasury", ["US Treasury", "Treasury"])
g.actor("united-states", ["Washington", "United States", "US", "US troops", "US soldiers", "American"])
g.actor("qais-al-khazali", ["Qais al-Khazali", "Khazali", "Qais"], role="leader of Asaib Ahl al-Haq")
g.actor("laith-al-khazali", ["Laith al-Khazali", "Laith"])
g.actor("abu-zainab-al-lami", ["Hussein Falih al-Lami", "al-Lami"], role="head of security of the Popular Mobilization Forces")
g.actor("asaib-ahl-al-haq", ["Asaib Ahl al-Haq", "Khazali network"])
g.actor("popular-mobilization-forces", ["Popular Mobilization Forces", "PMF"])
g.actor("tishreen-protesters", ["peaceful protesters", "protesters", "Protesters"])
g.actor("muqtada-al-sadr", ["Muqtada al-Sadr", "Sadr"])
g.actor("mahdi-army", ["Mahdi Army", "Muqtada al-Sadr's Mahdi Army"])
g.actor("quds-force", ["Iran's Quds Force", "Quds Force"])
g.actor("iran", ["Iran", "Tehran"])
g.actor("united-kingdom", ["British"], required=False)
g.actor("peter-moore", ["Peter Moore", "Moore"], name="Peter Moore", type="person", country="GB",
        role="British IT consultant")
g.actor("iraq", ["Iraqi custody"], required=False)
g.actor("islamic-state", ["Islamic State"])
g.actor("bashar-al-assad", ["Bashar al-Assad"])
g.actor("sadiqoun", ["Sadiqoun"])
g.actor("fatah-alliance", ["Fatah Alliance"])
g.actor("hadi-al-amiri", ["Hadi al-Amiri"])
g.actor("badr-organization", ["Badr Organization"])
g.actor("adil-abdul-mahdi", ["Prime Minister Adel Abdul Mahdi", "Adel Abdul Mahdi"], role="Prime Minister")
g.event("e1", "sanction", ["us-treasury"], ["qais-al-khazali", "laith-al-khazali", "abu-zainab-al-lami"],
        "the US Treasury blacklisted Qais al-Khazali on Friday",
        date=date("2019-12-06", text="on Friday"))
g.event("e2", "sanction", ["us-treasury"], ["qais-al-khazali", "laith-al-khazali", "abu-zainab-al-lami"],
        "The Treasury imposed sanctions on Qais, his brother Laith al-Khazali and Hussein Falih al-Lami",
        date=date("2019-12-06"), required=False, note="the same sanction as e1, restated with all three names")
g.event("e3", "repression", ["qais-al-khazali", "laith-al-khazali", "abu-zainab-al-lami"], ["tishreen-protesters"],
        "directing militiamen who opened fire on peaceful protesters since the demonstrations began in October",
        date=date("2019-10", "2019-12-06", "range"), location=IRAQ, certainty="claimed", claimed_by="us-treasury",
        note="the Treasury's accusation")
g.event("e4", "repression", [], ["tishreen-protesters"], "More than 400 people have been killed in the unrest",
        date=date("2019-10", "2019-12-09", "range"), location=IRAQ, fatalities=400, count=2, required=False,
        note="aggregate of the protest wave")
g.event("e5", "break_relations", ["qais-al-khazali"], ["mahdi-army"],
        "from which Qais al-Khazali, once a spokesman for Sadr, broke away in 2006",
        date=date("2006", precision="year"), required=False, note="split from the Mahdi Army")
g.event("e6", "attack", [], ["united-states"],
        "gunmen disguised as American soldiers raided the provincial headquarters in Karbala and killed five US soldiers",
        date=date("2007-01", text="In January 2007", precision="month"),
        location=place("Karbala", "IQ", 32.61, 44.02, admin1="Karbala"), fatalities=5,
        note="perpetrators blamed on the Khazali network by US officials (e7)")
g.event("e7", "condemnation", ["united-states"], ["asaib-ahl-al-haq"], "US officials blamed the Khazali network",
        date=date("2007"), required=False, note="attribution of e6")
g.event("e8", "arrest", ["united-kingdom", "united-states"], ["qais-al-khazali", "laith-al-khazali"],
        "British and American special forces captured Qais and Laith in Basra two months later",
        date=date("2007-03", text="two months later", precision="month"),
        location=place("Basra", "IQ", 30.51, 47.81, admin1="Basra"))
g.event("e9", "abduction", [], ["peter-moore"],
        "militants abducted British IT consultant Peter Moore and his four bodyguards from the Finance Ministry in Baghdad",
        date=date("2007-05", text="In May 2007", precision="month"), location=BGD)
g.event("e10", "attack", [], [], "the guards were later killed", date=date("2007-05", "2009-12", "range"),
        fatalities=4, required=False, note="killing of the four abducted guards; date unknown")
g.event("e11", "legal_action", ["iraq"], ["qais-al-khazali"],
        "Qais al-Khazali was released from Iraqi custody weeks later",
        date=date("2009-12", "2010-02", "range", text="weeks later"),
        note="release from custody, widely seen as an exchange for Moore")
g.event("e12", "military_posture", ["asaib-ahl-al-haq"], ["bashar-al-assad"],
        "Its fighters also went to Syria to defend Bashar al-Assad", date=None, required=False,
        note="deployment to Syria; target is who it defends, support is also defensible")
g.event("e13", "riot", ["tishreen-protesters"], [],
        "Protesters in Baghdad and the south have burned the offices of several armed factions",
        date=date("2019-10", "2019-12-09", "range"), location=IRAQ, count=2)
g.event("e14", "statement", ["adil-abdul-mahdi"], [], "who announced his resignation late last month",
        date=date("2019-11", precision="month"), required=False)
g.event("e15", "threat", ["asaib-ahl-al-haq"], ["united-states"], "its leaders have threatened to expel US forces",
        date=None, required=False)
g.event("e16", "condemnation", ["tishreen-protesters"], [], "accuse them of acting for Tehran",
        date=date("2019-10", "2019-12-09", "range"), required=False)
g.rel("qais-al-khazali", "leads", "asaib-ahl-al-haq", "the leader of Asaib Ahl al-Haq")
g.rel("abu-zainab-al-lami", "member_of", "popular-mobilization-forces",
      "Hussein Falih al-Lami, the head of security of the Popular Mobilization Forces",
      note="head of a directorate, not of the PMF")
g.rel("muqtada-al-sadr", "leads", "mahdi-army", "Muqtada al-Sadr's Mahdi Army")
g.rel("qais-al-khazali", "member_of", "mahdi-army", "once a spokesman for Sadr", required=False, note="past")
g.rel("asaib-ahl-al-haq", "backed_by", "quds-force",
      "With money, weapons and training from Iran's Quds Force, his network")
g.rel("quds-force", "member_of", "iran", "Iran's Quds Force", required=False)
g.rel("asaib-ahl-al-haq", "member_of", "popular-mobilization-forces",
      "Asaib Ahl al-Haq joined the Popular Mobilization Forces")
g.rel("sadiqoun", "political_wing_of", "asaib-ahl-al-haq", "Its political wing, Sadiqoun")
g.rel("sadiqoun", "member_of", "fatah-alliance", "it ran as part of the Fatah Alliance")
g.rel("hadi-al-amiri", "leads", "fatah-alliance", "the Fatah Alliance led by Hadi al-Amiri")
g.rel("hadi-al-amiri", "leads", "badr-organization", "Hadi al-Amiri, the head of the Badr Organization")
g.rel("adil-abdul-mahdi", "leads", "iraq", "the government of Prime Minister Adel Abdul Mahdi", required=False)
g.rel("asaib-ahl-al-haq", "opposes", "united-states",
      "The group has long described the United States as an occupier", required=False)
g.rel("asaib-ahl-al-haq", "allied_with", "bashar-al-assad", "went to Syria to defend Bashar al-Assad", required=False)
g.write()

# --- published Wednesday 2019-08-28: Sunday = 25 August, last Wednesday = 21 August ---
g = Gold("2019-08-28-analysis-pmf-depot-blasts")
g.actor("popular-mobilization-forces", ["Popular Mobilization Forces", "PMF", "Hashd"])
g.actor("benjamin-netanyahu", ["Israeli Prime Minister Benjamin Netanyahu", "Benjamin Netanyahu", "Netanyahu"],
        role="Prime Minister")
g.actor("israel", ["Israel", "Israeli"])
g.actor("iran", ["Iran", "Tehran"])
g.actor("us-department-of-defense", ["Pentagon", "The Pentagon"])
g.actor("united-states", ["United States", "US", "Washington", "US troops"])
g.actor("abu-mahdi-al-muhandis", ["Abu Mahdi al-Muhandis", "Muhandis"], role="deputy chairman of the PMF")
g.actor("faleh-al-fayyadh", ["Faleh al-Fayyadh", "Fayyadh"], role="PMF chairman")
g.actor("badr-organization", ["Badr Organization", "Badr Corps", "Badr"])
g.actor("kataib-hezbollah", ["Kataib Hezbollah"])
g.actor("quds-force", ["Quds Force", "Quds Force of Iran's Revolutionary Guards"])
g.actor("irgc", ["Iran's Revolutionary Guards"], required=False)
g.actor("us-department-of-state", ["US State Department", "State Department"])
g.actor("us-treasury", ["Treasury", "the Treasury"])
g.actor("islamic-supreme-council-of-iraq", ["Supreme Council for the Islamic Revolution in Iraq", "Supreme Council"])
g.actor("hadi-al-amiri", ["Hadi al-Amiri"])
g.actor("islamic-state", ["Islamic State"])
g.actor("ali-al-sistani", ["Grand Ayatollah Ali al-Sistani"], role="Grand Ayatollah")
g.actor("asaib-ahl-al-haq", ["Asaib Ahl al-Haq"])
g.actor("qassem-soleimani", ["Qassem Soleimani"], role="commander of the Quds Force")
g.actor("adil-abdul-mahdi", ["Abdul Mahdi"], required=False)
g.event("e1", "attack", [], ["popular-mobilization-forces"],
        "at least four explosions at bases and weapons depots of the Popular Mobilization Forces since mid-July",
        date=date("2019-07-15", "2019-08-28", "range", text="since mid-July"), location=IRAQ, count=4, required=False,
        note="aggregate of unexplained blasts")
g.event("e2", "air_strike", [], ["popular-mobilization-forces"],
        "two drones struck a convoy of PMF vehicles near al-Qaim on the Syrian border, killing a commander",
        date=date("2019-08-25", text="on Sunday"), location=place("al-Qaim", "IQ", 34.37, 41.09, admin1="Anbar"),
        fatalities=1)
g.event("e3", "attack", [], ["popular-mobilization-forces"],
        "a huge blast tore through the al-Saqr base in southern Baghdad, sending rockets flying into nearby neighbourhoods and killing at least one civilian",
        date=date("2019-08-01", "2019-08-28", "range", text="Earlier this month"), location=BGD, fatalities=1,
        note="explosion of unstated cause at a PMF base; bombing or air strike readings are in the same family")
g.event("e4", "statement", ["benjamin-netanyahu"], ["iran"],
        "Israeli Prime Minister Benjamin Netanyahu hinted that Israel might be behind them, saying Iran had no immunity anywhere",
        date=date("2019-07-15", "2019-08-28", "range"), note="hinted responsibility; not a claim")
g.event("e5", "statement", ["us-department-of-defense"], [], "The Pentagon denied any US involvement",
        date=date("2019-07-15", "2019-08-28", "range"), note="denial")
g.event("e6", "condemnation", ["abu-mahdi-al-muhandis"], ["united-states"],
        "Abu Mahdi al-Muhandis, the PMF's deputy chairman, blamed the United States for the attacks",
        date=date("2019-08-21", text="Last Wednesday"))
g.event("e7", "threat", ["abu-mahdi-al-muhandis"], ["united-states"], "said the force would defend itself",
        date=date("2019-08-21"), required=False)
g.event("e8", "statement", ["faleh-al-fayyadh"], ["abu-mahdi-al-muhandis"],
        "the office of PMF chairman Faleh al-Fayyadh said the statement did not represent the official position of the PMF",
        date=date("2019-08-21", "2019-08-22", "range", text="Within a day"), caused_by="e6")
g.event("e9", "bombing", ["kataib-hezbollah"], ["united-states"],
        "waged a campaign of roadside bombs and rocket attacks against US troops until 2011",
        date=date("2003", "2011", "range"), location=IRAQ, count=2, required=False, note="aggregate campaign")
g.event("e10", "sanction", ["us-department-of-state"], ["kataib-hezbollah"],
        "The US State Department designated it a terrorist organisation in 2009",
        date=date("2009", precision="year", text="in 2009"))
g.event("e11", "sanction", ["us-treasury"], ["abu-mahdi-al-muhandis"], "the Treasury blacklisted Muhandis the same year",
        date=date("2009", precision="year", text="the same year"))
g.event("e12", "break_relations", ["badr-organization"], ["islamic-supreme-council-of-iraq"],
        "it broke away from the Supreme Council in 2012", date=date("2012", precision="year"), required=False)
g.event("e13", "armed_clash", ["islamic-state"], [], "Islamic State seized Mosul in June 2014",
        date=date("2014-06", precision="month"), location=place("Mosul", "IQ", 36.34, 43.13, admin1="Ninewa"),
        required=False, note="time reference")
g.event("e14", "demand", ["ali-al-sistani"], [], "Grand Ayatollah Ali al-Sistani called on Iraqis to take up arms",
        date=date("2014-06", precision="month"), required=False)
g.rel("abu-mahdi-al-muhandis", "member_of", "popular-mobilization-forces",
      "Abu Mahdi al-Muhandis, the PMF's deputy chairman", note="deputy, not the leader")
g.rel("faleh-al-fayyadh", "leads", "popular-mobilization-forces", "PMF chairman Faleh al-Fayyadh")
g.rel("abu-mahdi-al-muhandis", "member_of", "badr-organization", "Muhandis, a veteran of the Badr Corps",
      required=False, note="past membership")
g.rel("abu-mahdi-al-muhandis", "founded", "kataib-hezbollah", "founded Kataib Hezbollah after the 2003 invasion")
g.rel("kataib-hezbollah", "backed_by", "quds-force",
      "The group, trained and armed by the Quds Force of Iran's Revolutionary Guards")
g.rel("quds-force", "member_of", "irgc", "the Quds Force of Iran's Revolutionary Guards", required=False)
g.rel("kataib-hezbollah", "designated_terrorist_by", "us-department-of-state",
      "The US State Department designated it a terrorist organisation")
g.rel("abu-mahdi-al-muhandis", "designated_terrorist_by", "us-treasury", "the Treasury blacklisted Muhandis",
      required=False)
g.rel("badr-organization", "member_of", "islamic-supreme-council-of-iraq",
      "the armed wing of the Supreme Council for the Islamic Revolution in Iraq", required=False,
      note="past; 'armed wing of'")
g.rel("hadi-al-amiri", "leads", "badr-organization", "under Hadi al-Amiri, who has led it ever since")
g.rel("badr-organization", "member_of", "popular-mobilization-forces",
      "Badr, Kataib Hezbollah and Asaib Ahl al-Haq supplied the best-trained units")
g.rel("kataib-hezbollah", "member_of", "popular-mobilization-forces",
      "Badr, Kataib Hezbollah and Asaib Ahl al-Haq supplied the best-trained units")
g.rel("asaib-ahl-al-haq", "member_of", "popular-mobilization-forces",
      "Badr, Kataib Hezbollah and Asaib Ahl al-Haq supplied the best-trained units")
g.rel("qassem-soleimani", "leads", "quds-force", "Qassem Soleimani, the commander of the Quds Force")
g.rel("benjamin-netanyahu", "leads", "israel", "Israeli Prime Minister Benjamin Netanyahu")
g.rel("popular-mobilization-forces", "backed_by", "iran", "these Iran-backed factions", required=False)
g.write()
