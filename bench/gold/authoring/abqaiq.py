"""Gold for bench/dev (see gold_lib.py)."""
from gold_lib import Gold, date, place
g = Gold("2019-09-16-abqaiq-khurais-attacks")
g.actor("houthis", ["Houthi movement", "Houthis", "Houthi"])
g.actor("saudi-arabia", ["Saudi Arabia", "Riyadh", "the kingdom", "Saudis"])
g.actor("saudi-aramco", ["Saudi Aramco", "Aramco"], name="Saudi Aramco", type="other", country="SA")
g.actor("united-states", ["United States", "Washington", "US"])
g.actor("iran", ["Tehran", "Iranian"])
g.actor("yahya-saree", ["Yahya Saree", "Saree"], role="Houthi military spokesman")
g.actor("mike-pompeo", ["Mike Pompeo", "Pompeo"], role="US Secretary of State")
g.actor("abbas-mousavi", ["Abbas Mousavi", "Mousavi"], name="Abbas Mousavi", type="person", country="IR",
        role="Iran's foreign ministry spokesman")
g.actor("iran-ministry-of-foreign-affairs", ["Iran's foreign ministry"], required=False)
g.actor("saudi-led-coalition", ["Saudi-led military coalition", "Saudi-led coalition"])
g.actor("donald-trump", ["Donald Trump", "Trump"], role="President")
g.actor("yemen", ["Yemen", "Yemen's"], required=False)

ABQ = place("Abqaiq", "SA", 25.94, 49.68, admin1="Eastern Province")
g.event("e1", "air_strike", ["houthis"], ["saudi-aramco", "saudi-arabia"],
        "The strikes hit Saudi Aramco's Abqaiq processing plant, the largest crude processing facility in the world, and the Khurais oil field",
        date=date("2019-09-14", text="on Saturday"), location=ABQ, fatalities=0,
        note="drone attack; actor as claimed by the Houthis (the US blames Iran: e4, denied: e6); 'No casualties were reported'")
g.event("e2", "claim_responsibility", ["yahya-saree", "houthis"], ["saudi-arabia"],
        "Yahya Saree said the group had launched 10 drones at the facilities",
        date=date("2019-09-14", "2019-09-16", "range"), caused_by=None)
g.event("e3", "threat", ["yahya-saree", "houthis"], ["saudi-arabia"],
        "warned that its attacks on Saudi Arabia would widen", date=date("2019-09-14", "2019-09-16", "range"))
g.event("e4", "condemnation", ["mike-pompeo"], ["iran"],
        "accused Tehran of launching an unprecedented attack on the world's energy supply",
        date=date("2019-09-14", "2019-09-16", "range"), caused_by="e1")
g.event("e5", "statement", ["mike-pompeo"], [],
        "Mike Pompeo said there was no evidence the attacks had come from Yemen",
        date=date("2019-09-14", "2019-09-16", "range"), required=False)
g.event("e6", "statement", ["abbas-mousavi"], ["united-states"], "Abbas Mousavi, rejected the accusation as meaningless",
        date=date("2019-09-14", "2019-09-16", "range"), caused_by="e4",
        note="Iran's denial; the statement itself is reported")
g.event("e7", "armed_clash", ["houthis"], ["saudi-led-coalition"],
        "The Houthis, who have fought a Saudi-led military coalition since 2015",
        date=date("2015", "2019-09", "range", text="since 2015"), location=place("Yemen", "YE", precision="country"),
        count=2, required=False, note="background aggregate")
g.event("e8", "support", ["iran"], ["houthis"], "Riyadh and Washington accuse Tehran of arming the group, which both deny",
        certainty="denied", claimed_by="saudi-arabia", required=False)
g.event("e9", "threat", ["donald-trump"], [], "President Donald Trump said the United States was locked and loaded",
        date=date("2019-09-15", text="On Sunday"), caused_by="e1")

g.rel("yahya-saree", "member_of", "houthis", "Houthi military spokesman Yahya Saree")
g.rel("houthis", "allied_with", "iran", "The Houthis, who have fought a Saudi-led military coalition since 2015, are aligned with Iran")
g.rel("houthis", "opposes", "saudi-led-coalition", "The Houthis, who have fought a Saudi-led military coalition since 2015",
      required=False)
g.rel("houthis", "backed_by", "iran", "Riyadh and Washington accuse Tehran of arming the group", required=False,
      note="alleged and denied")
g.rel("donald-trump", "leads", "united-states", "President Donald Trump", required=False)
g.write()
