"""Gold for bench/dev (see gold_lib.py)."""
from gold_lib import Gold, date, place
g = Gold("2020-06-30-dora-raid-kataib-hezbollah")
g.actor("kataib-hezbollah", ["Kataib Hezbollah", "KH", "Kata'ib Hezbollah"])
g.actor("iraq", ["Iraqi authorities", "Iraqi government", "Baghdad"])
g.actor("counter-terrorism-service", ["Counter-Terrorism Service", "CTS"])
g.actor("iraqi-joint-operations-command", ["Joint Operations Command", "JOC"])
g.actor("united-states", ["US", "Washington", "United States", "US troops"])
g.actor("mustafa-al-kadhimi", ["Mustafa al-Kadhimi", "al-Kadhimi", "Kadhimi"], role="Prime Minister")
g.actor("popular-mobilization-forces", ["Popular Mobilization Forces", "PMF"])
g.actor("iran", ["Tehran"])
g.actor("israel", ["Israeli"], required=False)

g.event("e1", "arrest", ["counter-terrorism-service"], ["kataib-hezbollah"],
        ["the 14 Kataib Hezbollah members detained last week in a raid on the group's headquarters in southern Baghdad",
         "Counter-Terrorism Service units raided the building in the Dora district late on Thursday and seized rocket launchers"],
        date=date("2020-06-25", "2020-06-26", "range", text="late on Thursday"),
        location=place("Dora, Baghdad", "IQ", 33.26, 44.39, admin1="Baghdad", precision="district"),
        note="14 detained; the raid ran into the night of 25-26 June; the first sentence states the arrest, the second the raid")
g.event("e2", "legal_action", ["iraq"], ["kataib-hezbollah"],
        "Iraqi authorities have released all but one of the 14 Kataib Hezbollah members",
        date=date("2020-06-29", text="on Monday"), location=place("Baghdad", "IQ", 33.31, 44.37),
        note="release after a judge ruled the evidence insufficient; date is when officials said it (Monday)")
g.event("e3", "statement", ["iraqi-joint-operations-command"], ["kataib-hezbollah"],
        "The Joint Operations Command said the men had been planning to fire rockets at the Green Zone",
        date=date("2020-06-26", "2020-06-29", "range"), required=False,
        note="the planned rocket fire is not an event that happened")
g.event("e4", "military_posture", ["kataib-hezbollah"], ["counter-terrorism-service"],
        "dozens of Kataib Hezbollah fighters in pickup trucks drove into the Green Zone and deployed near the Counter-Terrorism Service headquarters",
        date=date("2020-06-25", "2020-06-26", "range", text="Hours after the arrests"),
        location=place("Green Zone, Baghdad", "IQ", 33.30, 44.39, admin1="Baghdad", precision="district"),
        caused_by="e1", note="show of force; ACLED would code a strategic development")
g.event("e5", "demand", ["kataib-hezbollah"], ["counter-terrorism-service"],
        "demanding that their comrades be handed over", date=date("2020-06-25", "2020-06-26", "range"),
        caused_by="e1", required=False)
g.event("e6", "shelling", ["kataib-hezbollah"], ["united-states"],
        "has been blamed by Washington for dozens of rocket attacks on US troops and diplomats",
        date=None, location=place("Iraq", "IQ", precision="country"), count=24, certainty="claimed",
        claimed_by="united-states", required=False, note="aggregate, 'dozens'; attribution by Washington")
g.event("e7", "protest", ["kataib-hezbollah"], ["united-states", "israel", "mustafa-al-kadhimi"],
        "the men burned US and Israeli flags and trampled on pictures of al-Kadhimi",
        date=date("2020-06-29", "2020-06-30", "range", text="After their release"),
        location=place("Baghdad", "IQ", 33.31, 44.37), caused_by="e2", required=False)
g.event("e8", "condemnation", ["kataib-hezbollah"], ["mustafa-al-kadhimi"],
        "Kataib Hezbollah accused the prime minister of acting on behalf of Washington",
        date=date("2020-06-29", "2020-06-30", "range"), caused_by="e1")

g.rel("kataib-hezbollah", "member_of", "popular-mobilization-forces", "Kataib Hezbollah, part of the Popular Mobilization Forces")
g.rel("kataib-hezbollah", "backed_by", "iran", "the Iran-backed militia")
g.rel("mustafa-al-kadhimi", "leads", "iraq", "Prime Minister Mustafa al-Kadhimi", required=False,
      note="title given without the country")
g.rel("kataib-hezbollah", "opposes", "united-states", "has been blamed by Washington for dozens of rocket attacks on US troops",
      required=False)
g.write()
