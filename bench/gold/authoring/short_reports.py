"""Gold for bench/dev (see gold_lib.py)."""
from gold_lib import Gold, date, place
BGD = place("Baghdad", "IQ", 33.31, 44.37, admin1="Baghdad")

g = Gold("2024-01-04-baghdad-strike-abu-taqwa")
g.actor("united-states", ["US", "United States", "Washington"])
g.actor("popular-mobilization-forces", ["Popular Mobilization Forces", "PMF"])
g.actor("harakat-hezbollah-al-nujaba", ["Harakat al-Nujaba", "Nujaba", "Harakat Hezbollah al-Nujaba"])
g.actor("abu-taqwa-al-saeedi", ["Mushtaq Taleb al-Saeedi", "Abu Taqwa", "al-Saeedi"], role="Harakat al-Nujaba commander")
g.actor("us-department-of-defense", ["Pentagon", "the Pentagon"])
g.actor("iraq", ["Iraqi government", "Iraq"])
g.event("e1", "air_strike", ["united-states"], ["harakat-hezbollah-al-nujaba", "abu-taqwa-al-saeedi", "popular-mobilization-forces"],
        "a US drone strike hit a vehicle at a Popular Mobilization Forces logistics headquarters on Palestine Street in eastern Baghdad",
        date=date("2024-01-04", text="On 4 January 2024"), location=BGD, fatalities=2,
        note="targeted killing of a named commander by drone: assassination is acceptable too (same family)")
g.event("e2", "claim_responsibility", ["us-department-of-defense"], ["abu-taqwa-al-saeedi"],
        "The Pentagon said the strike was carried out in self-defence",
        date=date("2024-01-04", "2024-01-05", "range"), required=False,
        note="acknowledgement of the strike; statement accepted (same family)")
g.event("e3", "attack", [], ["united-states"], "repeated attacks on US personnel in Iraq and Syria",
        date=date("2023-10", "2024-01-04", "range"), location=place("Iraq", "IQ", precision="country"),
        count=2, required=False, note="aggregate background, attackers unnamed")
g.event("e4", "condemnation", ["iraq"], ["united-states"],
        "The Iraqi government condemned the strike as a violation of Iraqi sovereignty",
        date=date("2024-01-04", "2024-01-05", "range"), caused_by="e1")
g.rel("abu-taqwa-al-saeedi", "member_of", "harakat-hezbollah-al-nujaba",
      "Harakat al-Nujaba commander Mushtaq Taleb al-Saeedi")
g.write()

g = Gold("2021-01-08-fayyadh-sanctions")
g.actor("us-treasury", ["US Treasury Department", "Treasury", "US Treasury", "Treasury Department"])
g.actor("faleh-al-fayyadh", ["Falih al-Fayyadh", "Fayyadh"], role="chairman of the Popular Mobilization Forces")
g.actor("popular-mobilization-forces", ["Popular Mobilization Forces", "PMF"])
g.actor("iraq", ["Iraq"], required=False)
g.actor("iraqi-ministry-of-foreign-affairs", ["Iraq's foreign ministry", "Iraqi foreign ministry"])
g.actor("tishreen-protesters", ["protesters", "peaceful protesters", "demonstrators"], required=False)
g.actor("united-states", ["US", "United States"], required=False)
g.event("e1", "sanction", ["us-treasury"], ["faleh-al-fayyadh"],
        "the US Treasury Department imposed sanctions on Falih al-Fayyadh",
        date=date("2021-01-08", text="On 8 January 2021"), location=None)
g.event("e2", "repression", ["faleh-al-fayyadh"], ["tishreen-protesters"],
        "his alleged role in the killing of peaceful protesters during the demonstrations that began in October 2019",
        date=date("2019-10", "2021-01-08", "range"), location=place("Iraq", "IQ", precision="country"),
        certainty="claimed", claimed_by="us-treasury", required=False, note="allegation by the Treasury")
g.event("e3", "protest", ["tishreen-protesters"], ["iraq"], "the demonstrations that began in October 2019",
        date=date("2019-10", text="October 2019", precision="month"), required=False)
g.event("e4", "condemnation", ["iraqi-ministry-of-foreign-affairs"], ["us-treasury"],
        "Iraq's foreign ministry said the decision was surprising and unacceptable",
        date=date("2021-01-08", "2021-01-09", "range"), caused_by="e1")
g.rel("faleh-al-fayyadh", "leads", "popular-mobilization-forces",
      "Falih al-Fayyadh, chairman of Iraq's Popular Mobilization Forces")
g.write()

g = Gold("2019-06-20-global-hawk-shot-down")
HORMUZ = place("Strait of Hormuz", "IR", 26.57, 56.25, precision="region")
g.actor("irgc", ["Islamic Revolutionary Guard Corps", "Guards", "IRGC"])
g.actor("iran", ["Iran", "Iranian"])
g.actor("united-states", ["US", "United States"], required=False)
g.actor("us-navy", ["US Navy"])
g.actor("us-central-command", ["US Central Command", "CENTCOM"])
g.actor("donald-trump", ["Donald Trump", "Trump"], role="President")
g.event("e1", "shelling", ["irgc"], ["us-navy"],
        "Iran's Islamic Revolutionary Guard Corps shot down a US Navy RQ-4A Global Hawk surveillance drone with a surface-to-air missile over the Strait of Hormuz",
        date=date("2019-06-20", text="On 20 June 2019"), location=HORMUZ, fatalities=None,
        note="missile fire at an unmanned aircraft; any violent type in the family is acceptable")
g.event("e2", "statement", ["irgc"], ["united-states"],
        "The Guards said the drone had violated Iranian airspace near Kuhmobarak in Hormozgan province",
        date=date("2019-06-20", "2019-06-21", "range"),
        location=place("Kuhmobarak", "IR", 25.83, 57.32, admin1="Hormozgan"),
        note="disputed claim of fact; the statement itself is reported")
g.event("e3", "statement", ["us-central-command"], ["irgc"],
        "a claim rejected by US Central Command, which said the aircraft was in international airspace",
        date=date("2019-06-20", "2019-06-21", "range"), caused_by="e2")
g.event("e4", "statement", ["donald-trump"], ["iran"],
        "President Donald Trump later said he had called off retaliatory strikes on three Iranian sites",
        date=date("2019-06-20", "2019-06-21", "range", text="later"), caused_by="e1", required=False,
        note="strikes that did not happen must not be stored as air strikes")
g.rel("donald-trump", "leads", "united-states", "President Donald Trump", required=False)
g.rel("us-navy", "member_of", "united-states", "a US Navy RQ-4A Global Hawk", required=False)
g.write()

g = Gold("2021-05-26-qasim-muslih-arrest")
g.actor("iraqi-security-forces", ["Iraqi security forces", "security forces"])
g.actor("qasim-muslih", ["Qasim Muslih", "Muslih", "Qassem Musleh"], name="Qasim Muslih", type="person", country="IQ",
        role="Popular Mobilization Forces commander in Anbar province")
g.actor("popular-mobilization-forces", ["Popular Mobilization Forces", "PMF"])
g.actor("ihab-al-wazni", ["Ihab al-Wazni", "al-Wazni", "Wazni"], name="Ihab al-Wazni", type="person", country="IQ",
        role="Karbala protest leader")
g.actor("iraq", ["Iraqi government", "Iraq"], required=False)
g.event("e1", "arrest", ["iraqi-security-forces"], ["qasim-muslih"],
        "Iraqi security forces arrested Qasim Muslih, the Popular Mobilization Forces commander in Anbar province, in Baghdad on terrorism charges",
        date=date("2021-05-26", text="On 26 May 2021"), location=BGD)
g.event("e2", "military_posture", ["popular-mobilization-forces"], ["iraq"],
        "PMF fighters in armoured vehicles surrounded entrances to the Green Zone",
        date=date("2021-05-26", "2021-05-27", "range", text="Within hours"),
        location=place("Green Zone, Baghdad", "IQ", 33.30, 44.39, admin1="Baghdad", precision="district"),
        caused_by="e1", note="show of force; a threat reading is also defensible")
g.event("e3", "demand", ["popular-mobilization-forces"], ["iraq"], "demanding his release",
        date=date("2021-05-26", "2021-05-27", "range"), caused_by="e1", required=False)
g.event("e4", "assassination", [], ["ihab-al-wazni"],
        "Al-Wazni had been shot dead by gunmen on a motorcycle outside his home in Karbala on 9 May",
        date=date("2021-05-09", text="on 9 May"), location=place("Karbala", "IQ", 32.61, 44.02, admin1="Karbala"),
        fatalities=1, note="perpetrators unidentified gunmen")
g.event("e5", "legal_action", [], ["qasim-muslih"],
        "Muslih was freed on 9 June after a court found insufficient evidence against him",
        date=date("2021-06-09", text="on 9 June"), location=BGD)
g.rel("qasim-muslih", "member_of", "popular-mobilization-forces",
      "Qasim Muslih, the Popular Mobilization Forces commander in Anbar province")
g.write()
