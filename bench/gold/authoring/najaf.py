"""Gold for bench/dev (see gold_lib.py)."""
from gold_lib import Gold, date, place
g = Gold("2019-11-29-najaf-consulate-nasiriyah")
g.actor("adil-abdul-mahdi", ["Adel Abdul Mahdi", "Abdul Mahdi", "Iraqi Prime Minister Adel Abdul Mahdi"], role="Prime Minister")
g.actor("ali-al-sistani", ["Grand Ayatollah Ali al-Sistani", "Sistani"], role="Grand Ayatollah")
g.actor("iraqi-parliament", ["parliament", "lawmakers", "Iraqi parliament"], required=False)
g.actor("iraq", ["Iraqi government", "Baghdad", "government", "Iraqi authorities"])
g.actor("tishreen-protesters", ["demonstrators", "protesters", "anti-government protesters", "Protest organisers"])
g.actor("iran", ["Tehran", "Iranian government"])
g.actor("iran-ministry-of-foreign-affairs", ["Iran's foreign ministry", "Iranian Foreign Ministry"])
g.actor("iraqi-security-forces", ["security forces", "Iraqi security forces"])
g.actor("jamil-al-shammari", ["Lieutenant General Jamil al-Shammari", "Jamil al-Shammari"], name="Jamil al-Shammari",
        type="person", country="IQ", role="Lieutenant General", required=False)

g.event("e1", "statement", ["adil-abdul-mahdi"], [],
        "Iraqi Prime Minister Adel Abdul Mahdi said on Friday he would submit his resignation to parliament",
        date=date("2019-11-29", text="on Friday"), location=None,
        note="announced resignation; a coder may also read it as a political development")
g.event("e2", "demand", ["ali-al-sistani"], ["iraqi-parliament"],
        "Grand Ayatollah Ali al-Sistani, urged lawmakers to withdraw their support from the government",
        date=date("2019-11-29", text="hours after"), required=False, note="urging; borderline demand/statement")
g.event("e3", "protest", ["tishreen-protesters"], ["iraq"],
        "anti-government protests erupted in Baghdad and the south on 1 October",
        date=date("2019-10-01", text="1 October"), location=place("Baghdad", "IQ", 33.31, 44.37),
        required=False, note="background: start of the October protests")
g.event("e4", "riot", ["tishreen-protesters"], ["iran"],
        "demonstrators stormed the Iranian consulate in the holy city of Najaf and set it on fire",
        date=date("2019-11-27", text="Late on Wednesday"), location=place("Najaf", "IQ", 32.0, 44.33),
        fatalities=0, note="no one was hurt: 0 fatalities")
g.event("e5", "condemnation", ["iran-ministry-of-foreign-affairs"], [],
        "Iran's foreign ministry condemned the attack", date=date("2019-11-28", "2019-11-29", "range"),
        caused_by="e4", note="target is the attack on the consulate (attackers = e4 actors); date not stated")
g.event("e6", "demand", ["iran-ministry-of-foreign-affairs"], ["iraq"],
        "demanded that Baghdad act firmly against those responsible", date=date("2019-11-28", "2019-11-29", "range"),
        caused_by="e4", required=False)
g.event("e7", "repression", ["iraqi-security-forces"], ["tishreen-protesters"],
        "security forces opened fire on protesters who had blocked bridges in Nasiriyah",
        date=date("2019-11-28", text="On Thursday"), location=place("Nasiriyah", "IQ", 31.05, 46.26, admin1="Dhi Qar"),
        fatalities=None, note="'dozens' killed, 'hundreds' wounded: no number stated")
g.event("e8", "condemnation", [], ["jamil-al-shammari"], "local officials blamed him for the bloodshed",
        date=date("2019-11-28", text="Thursday"), required=False)
g.event("e9", "repression", ["iraqi-security-forces"], ["tishreen-protesters"],
        "more than 400 people have been killed since the protests began",
        date=date("2019-10-01", "2019-11-29", "range"), location=place("Iraq", "IQ", precision="country"),
        fatalities=400, count=2, required=False,
        note="aggregate over the whole protest wave; attackers security forces or militiamen")
g.event("e10", "statement", ["tishreen-protesters"], [],
        "Protest organisers vowed to stay in the squares until the whole political class was gone",
        date=date("2019-11-29"), required=False)

g.rel("adil-abdul-mahdi", "leads", "iraq", "Iraqi Prime Minister Adel Abdul Mahdi")
g.write()
