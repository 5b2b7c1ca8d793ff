"""Gold for bench/dev (see gold_lib.py)."""
from gold_lib import Gold, date, place
g = Gold("2024-04-02-damascus-consulate-strike")
DAM = place("Damascus", "SY", 33.50, 36.27, admin1="Damascus", precision="city")
g.actor("iran", ["Tehran", "Iranian"])
g.actor("israel", ["Israeli", "Israel"])
g.actor("irgc", ["Islamic Revolutionary Guard Corps", "Guards", "IRGC", "Revolutionary Guards"])
g.actor("mohammad-reza-zahedi", ["Brigadier General Mohammad Reza Zahedi", "Zahedi"], role="Brigadier General")
g.actor("mohammad-hadi-haji-rahimi", ["Brigadier General Mohammad Hadi Haji Rahimi", "Haji Rahimi"],
        name="Mohammad Hadi Haji Rahimi", type="person", country="IR", role="Brigadier General")
g.actor("quds-force", ["Quds Force"])
g.actor("syria", ["Syrian government", "Damascus"], required=False)
g.actor("syrian-ministry-of-defence", ["Syria's defence ministry", "Syrian defence ministry"],
        name="Syrian Ministry of Defence", type="government", country="SY", required=False)
g.actor("israel-defense-forces", ["Israeli military", "Israeli warplanes"], required=False)
g.actor("ali-khamenei", ["Ayatollah Ali Khamenei", "Khamenei"], role="Supreme Leader")
g.actor("ebrahim-raisi", ["Ebrahim Raisi", "Raisi"], role="President")
g.actor("united-states", ["United States", "US", "Washington"])
g.actor("hossein-akbari", ["Hossein Akbari", "Akbari"], name="Hossein Akbari", type="person", country="IR",
        role="Iranian ambassador to Syria")
g.actor("faisal-mekdad", ["Faisal Mekdad", "Mekdad", "Faisal al-Mekdad"], name="Faisal Mekdad", type="person",
        country="SY", role="foreign minister")

g.event("e1", "air_strike", ["israel"], ["irgc", "iran"],
        "The strike on Monday levelled the consular building next to the Iranian embassy in the Mezzeh district of Damascus",
        date=date("2024-04-01", text="on Monday"), location=DAM, fatalities=7,
        note="attribution to Israel by Iran and Syria; Israel did not comment; any certainty accepted")
g.event("e2", "threat", ["iran"], ["israel"], "Iran vowed on Tuesday to retaliate against Israel",
        date=date("2024-04-02", text="on Tuesday"), caused_by="e1")
g.event("e3", "statement", ["irgc"], [],
        "The Guards said Brigadier General Mohammad Reza Zahedi, a senior Quds Force commander for Syria and Lebanon",
        date=date("2024-04-01", "2024-04-02", "range"), required=False)
g.event("e4", "statement", ["syrian-ministry-of-defence"], ["israel"],
        "Syria's defence ministry said Israeli warplanes fired missiles at the building",
        date=date("2024-04-01", "2024-04-02", "range"), required=False,
        note="a party's account of e1; a system may equally read it as e1 itself")
g.event("e5", "statement", ["israel-defense-forces"], [], "The Israeli military declined to comment",
        date=date("2024-04-01", "2024-04-02", "range"), required=False)
g.event("e6", "threat", ["ali-khamenei"], ["israel"], "Ayatollah Ali Khamenei said Israel would be punished for the attack",
        date=date("2024-04-01", "2024-04-02", "range"), caused_by="e1")
g.event("e7", "threat", ["ebrahim-raisi"], ["israel"], "President Ebrahim Raisi said the crime would not go unanswered",
        date=date("2024-04-01", "2024-04-02", "range"), caused_by="e1",
        note="target implied by the sentence before")
g.event("e8", "meeting", ["iran"], [], "Tehran also summoned the Swiss envoy, who represents US interests in Iran",
        date=date("2024-04-01", "2024-04-02", "range"), required=False, note="diplomatic summons")
g.event("e9", "statement", ["united-states"], ["iran"],
        "The United States told Iran that it had no involvement in the strike",
        date=date("2024-04-01", "2024-04-02", "range"),
        note="denial of involvement; the statement itself is reported")
g.event("e10", "condemnation", ["hossein-akbari"], ["israel"], "accused Israel of violating international law",
        date=date("2024-04-01", "2024-04-02", "range"))
g.event("e11", "condemnation", ["faisal-mekdad"], ["israel"], "condemned what he called a heinous terrorist attack",
        date=date("2024-04-01", "2024-04-02", "range"), location=DAM, note="target implied (the strike by Israel)")

g.rel("mohammad-reza-zahedi", "member_of", "quds-force", "Mohammad Reza Zahedi, a senior Quds Force commander")
g.rel("mohammad-hadi-haji-rahimi", "subordinate_of", "mohammad-reza-zahedi", "and his deputy, Brigadier General Mohammad Hadi Haji Rahimi",
      required=False)
g.rel("ali-khamenei", "leads", "iran", "Supreme Leader Ayatollah Ali Khamenei")
g.rel("ebrahim-raisi", "leads", "iran", "President Ebrahim Raisi", required=False, note="country implied")
g.rel("quds-force", "member_of", "irgc", "The Guards said Brigadier General Mohammad Reza Zahedi, a senior Quds Force commander",
      required=False, note="implied by the Guards naming a Quds Force commander among their dead")
g.write()
