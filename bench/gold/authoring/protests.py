"""Gold for the protest and unrest reports of bench/dev (see gold_lib.py).

Crowds, storming and arson (riot), force against protesters (repression), arrests, demands,
with aggregate tolls and weekday dates.  Written before sitrep was run on the texts."""
from gold_lib import Gold, date, place

BGD = place("Baghdad", "IQ", 33.31, 44.37, admin1="Baghdad")
BASRA = place("Basra", "IQ", 30.51, 47.81, admin1="Basra")
IRAQ = place("Iraq", "IQ", precision="country")

# --- published Saturday 2018-09-08: Friday = 7th, "a day earlier" = 6th, Monday = 3rd ---
g = Gold("2018-09-08-protest-basra-consulate")
g.actor("basra-protesters", ["Protesters", "protesters", "Demonstrators", "demonstrators", "crowds", "crowd"],
        name="Basra protesters", type="civilians", country="IQ")
g.actor("iran", ["Iranian consulate", "Iran", "Iranian"])
g.actor("badr-organization", ["Badr Organization"])
g.actor("asaib-ahl-al-haq", ["Asaib Ahl al-Haq"])
g.actor("dawa-party", ["Dawa Party"])
g.actor("basra-provincial-government", ["provincial government headquarters", "provincial government"],
        name="Basra provincial government", type="government", country="IQ", required=False)
g.actor("iraqi-security-forces", ["security forces"])
g.actor("united-states", ["US consulate", "US"])
g.actor("iran-ministry-of-foreign-affairs", ["Iran's foreign ministry"])
g.actor("iraq", ["Baghdad"], required=False)
g.actor("haider-al-abadi", ["Prime Minister Haider al-Abadi", "Haider al-Abadi"], role="Prime Minister")
g.actor("iraqi-parliament", ["parliament"], required=False)
g.event("e1", "riot", ["basra-protesters"], ["iran"],
        "Protesters stormed the Iranian consulate in Basra on Friday night and set the building on fire",
        date=date("2018-09-07", text="on Friday night"), location=BASRA, fatalities=0,
        note="no one inside was hurt")
g.event("e2", "riot", ["basra-protesters"], ["basra-provincial-government", "badr-organization", "asaib-ahl-al-haq", "dawa-party"],
        "crowds had torched the provincial government headquarters and the offices of several parties and armed factions",
        date=date("2018-09-06", text="A day earlier"), location=BASRA)
g.event("e3", "condemnation", ["basra-protesters"], ["badr-organization", "asaib-ahl-al-haq", "dawa-party"],
        "accusing them of looting the city's wealth on Iran's behalf", date=date("2018-09-06"), required=False)
g.event("e4", "protest", ["basra-protesters"], ["iran"], "Demonstrators chanted \"Iran out\" as the flames spread",
        date=date("2018-09-07"), location=BASRA, required=False, note="part of e1")
g.event("e5", "repression", ["iraqi-security-forces"], ["basra-protesters"],
        "At least 12 protesters have been killed since Monday, most of them shot when security forces fired live rounds and tear gas at crowds",
        date=date("2018-09-03", "2018-09-08", "range", text="since Monday"), location=BASRA, fatalities=12, count=2,
        note="aggregate over the week; figure from local rights activists")
g.event("e6", "arrest", ["iraqi-security-forces"], ["basra-protesters"],
        "Activists said security forces had detained dozens of demonstrators during the week",
        date=date("2018-09-03", "2018-09-08", "range", text="during the week"), location=BASRA, count=2)
g.event("e7", "protest", ["basra-protesters"], [], "The protests began in early July",
        date=date("2018-07", precision="month"), location=BASRA, required=False)
g.event("e8", "repression", ["iraqi-security-forces"], ["basra-protesters"],
        "security forces shot dead a demonstrator in the province",
        date=date("2018-07", text="in early July", precision="month"), location=BASRA, fatalities=1)
g.event("e9", "demand", ["basra-protesters"], ["iraq"],
        "Protesters demand clean water, reliable electricity and jobs",
        date=date("2018-07", "2018-09-08", "range"), location=BASRA)
g.event("e10", "protest", ["basra-protesters"], [], "Some have also blocked the road to the port of Umm Qasr",
        date=date("2018-07", "2018-09-08", "range"), location=place("Umm Qasr", "IQ", 30.03, 47.95, admin1="Basra"),
        note="road block")
g.event("e11", "shelling", [], ["united-states"],
        "Katyusha rockets landed inside the perimeter of Basra airport, near the US consulate",
        date=date("2018-09-08", text="Early on Saturday"),
        location=place("Basra airport", "IQ", 30.55, 47.66, admin1="Basra"), fatalities=0,
        note="no casualties, unclaimed; target read from 'near the US consulate'")
g.event("e12", "condemnation", ["iran-ministry-of-foreign-affairs"], [],
        "Iran's foreign ministry condemned the attack on its consulate",
        date=date("2018-09-07", "2018-09-08", "range"), caused_by="e1",
        note="target is the attack (attackers = e1 actors)")
g.event("e13", "demand", ["iran-ministry-of-foreign-affairs"], ["iraq"],
        "called on Baghdad to protect diplomatic missions", date=date("2018-09-07", "2018-09-08", "range"),
        caused_by="e1", required=False)
g.rel("haider-al-abadi", "leads", "iraq", "Prime Minister Haider al-Abadi", required=False,
      note="title given without the country")
g.write()

# --- published Monday 2019-10-07: Sunday = 6th, Thursday = 3rd, Friday = 4th, Saturday = 5th ---
g = Gold("2019-10-07-protest-tishreen-first-week")
g.actor("iraqi-ministry-of-interior", ["interior ministry"])
g.actor("tishreen-protesters", ["protesters", "Protesters", "demonstrators", "young men"])
g.actor("iraqi-security-forces", ["security forces", "Security forces", "military", "the military"])
g.actor("iraq", ["Authorities", "government", "the government"])
g.actor("muqtada-al-sadr", ["Populist cleric Muqtada al-Sadr", "Muqtada al-Sadr"], role="cleric")
g.actor("sairoon", ["Sairoon bloc", "Sairoon"])
g.actor("adil-abdul-mahdi", ["Prime Minister Adel Abdul Mahdi", "Adel Abdul Mahdi", "Abdul Mahdi"], role="Prime Minister")
g.actor("ali-al-sistani", ["Grand Ayatollah Ali al-Sistani"], role="Grand Ayatollah")
g.actor("iraqi-parliament", ["parliament"], required=False)
TAHRIR = place("Tahrir Square, Baghdad", "IQ", 33.33, 44.41, admin1="Baghdad", precision="district")
g.event("e1", "repression", ["iraqi-security-forces"], ["tishreen-protesters"],
        "More than 100 people have been killed and over 6,000 wounded in a week of anti-government protests across Baghdad and southern Iraq",
        date=date("2019-10-01", "2019-10-06", "range"), location=IRAQ, fatalities=100, injured=6000, count=2,
        note="aggregate toll by the interior ministry, incl. 8 security personnel")
g.event("e2", "protest", ["tishreen-protesters"], ["iraq"],
        "a few thousand young men gathered in Baghdad's Tahrir Square to demand jobs, better services and an end to corruption",
        date=date("2019-10-01", text="on 1 October"), location=TAHRIR)
g.event("e3", "repression", ["iraqi-security-forces"], ["tishreen-protesters"],
        "Security forces dispersed them with water cannon, tear gas and live ammunition",
        date=date("2019-10-01"), location=TAHRIR)
g.event("e4", "protest", ["tishreen-protesters"], ["iraq"],
        "the unrest quickly spread to Nasiriyah, Diwaniyah, Najaf and Basra",
        date=date("2019-10-01", "2019-10-06", "range"), location=IRAQ, count=4, required=False)
g.event("e5", "sanction", ["iraq"], [],
        "Authorities imposed a curfew in Baghdad on Thursday and cut internet access across most of the country",
        date=date("2019-10-03", text="on Thursday"), location=BGD, required=False,
        note="curfew and internet cut: CAMEO 172 (administrative restrictions); no good type")
g.event("e6", "repression", [], ["tishreen-protesters"], "snipers shot at demonstrators from rooftops near Tahrir Square",
        date=date("2019-10-04", text="On Friday"), location=TAHRIR,
        note="shooters unidentified (blamed on security forces and militias by protesters)")
g.event("e7", "condemnation", ["tishreen-protesters"], ["iraqi-security-forces"],
        "Protesters blamed the security forces and Iran-backed militias",
        date=date("2019-10-04", "2019-10-07", "range"))
g.event("e8", "statement", ["iraq"], [], "the government blamed unidentified gunmen it called \"malicious hands\"",
        date=date("2019-10-04", "2019-10-07", "range"), required=False)
g.event("e9", "attack", [], [],
        "masked gunmen stormed the offices of several television channels in Baghdad that had covered the protests",
        date=date("2019-10-05", text="On Saturday"), location=BGD, count=2,
        note="attack on media offices; no one named")
g.event("e10", "arrest", [], ["tishreen-protesters"], "Activists said dozens of protesters had been detained",
        date=date("2019-10-01", "2019-10-07", "range"), location=IRAQ, count=2)
g.event("e11", "abduction", [], ["tishreen-protesters"], "several had disappeared after leaving the squares",
        date=date("2019-10-01", "2019-10-07", "range"), required=False, note="enforced disappearances")
g.event("e12", "demand", ["muqtada-al-sadr"], ["iraq", "adil-abdul-mahdi"],
        "Populist cleric Muqtada al-Sadr called on the government of Prime Minister Adel Abdul Mahdi to resign",
        date=date("2019-10-01", "2019-10-07", "range"))
g.event("e13", "break_relations", ["sairoon"], ["iraqi-parliament"],
        "his Sairoon bloc suspended its participation in parliament",
        date=date("2019-10-01", "2019-10-07", "range"), required=False, note="boycott")
g.event("e14", "demand", ["ali-al-sistani"], ["iraq"],
        "told the government to meet the demands of the protesters before it was too late",
        date=date("2019-10-01", "2019-10-07", "range"), location=place("Karbala", "IQ", 32.61, 44.02, admin1="Karbala"))
g.event("e15", "claim_responsibility", ["iraqi-security-forces"], [],
        "the military admitted that its troops had used excessive force",
        date=date("2019-10-07", text="On Monday"), caused_by="e16", note="admission of an act")
g.event("e16", "repression", ["iraqi-security-forces"], ["tishreen-protesters"],
        "clashes in Baghdad's Sadr City district overnight, in which at least 13 people were killed",
        date=date("2019-10-06", "2019-10-07", "range", text="overnight"),
        location=place("Sadr City, Baghdad", "IQ", 33.39, 44.46, admin1="Baghdad", precision="district"),
        fatalities=13, note="excessive force against protesters, admitted by the military")
g.event("e17", "statement", ["adil-abdul-mahdi"], [], "Abdul Mahdi has promised a package of reforms",
        date=date("2019-10-05", "2019-10-07", "range"), required=False)
g.event("e18", "statement", ["tishreen-protesters"], [], "protesters say they will not leave the streets until the political class is gone",
        date=date("2019-10-07"), required=False)
g.rel("muqtada-al-sadr", "leads", "sairoon", "his Sairoon bloc")
g.rel("adil-abdul-mahdi", "leads", "iraq", "the government of Prime Minister Adel Abdul Mahdi")
g.write()
