#!/usr/bin/env python3
"""Casualty figures on short reports written for this bench in the style of ACLED event notes
and terrorism-database incident summaries (none is taken from a dataset).

    .venv/bin/python bench/casualties_eval.py [--show] [--only N ...]

Scoring follows the dev board: the article's figure is the sum of ``fatalities`` (``injured``)
over its events with ``certainty == "reported"`` and ``count == 1``; a missing figure counts as
0. ``dead``/``hurt`` of ``None`` in a case means "no figure may be stated" (the sum must be 0
and no event may carry a number, not even 0); ``SKIP`` means the case does not score that
field. Prints exact-match rates for fatalities (split by gold > 0 / = 0) and injured, overall
and per style (ACLED notes: dead where there were deaths / where none; incident summaries:
dead / wounded), the split the dev board uses.
"""
from __future__ import annotations

import argparse
import sys

SKIP = object()

# (text, dead, hurt) -- all sentences written for this bench.
ACLED = [
    ("On 4 March 2021, gunmen attacked a police checkpoint near Kamba (Kebbi). Two policemen were killed.", 2, SKIP),
    ("On 12 June 2020, suspected militants ambushed an army patrol near Dori, killing four soldiers.", 4, SKIP),
    ("On 9 May 2019, armed herders attacked the village of Tudun Wada, leaving 11 dead and 6 wounded.", 11, SKIP),
    ("On 2 July 2022, unidentified gunmen shot dead a local chief in his home in Ngala.", 1, SKIP),
    ("On 17 August 2021, a roadside bomb struck a military convoy near Gao. 3 deaths were reported.", 3, SKIP),
    ("On 5 January 2020, militiamen raided a market in Djibo. Dozens of civilians were killed.", 12, SKIP),
    ("On 21 April 2018, rebels clashed with government troops near Kidal. Several fighters were killed.", 3, SKIP),
    ("On 30 October 2019, soldiers opened fire on protesters in Bamenda, killing at least 5.", 5, SKIP),
    ("On 8 February 2022, a group of bandits attacked Maru town and killed between 10 and 15 residents.", 10, SKIP),
    ("On 14 November 2020, militants attacked a gendarmerie post in Tera. More than 40 people were killed.", 40, SKIP),
    ("On 3 March 2019, an air strike hit a rebel camp near Hajjah. The death toll rose to 20 after earlier "
     "reports of 8.", 20, SKIP),
    ("On 19 September 2021, gunmen attacked a church in Kafanchan. Two worshippers and a police officer "
     "were killed.", 3, SKIP),
    ("On 11 December 2018, unknown assailants killed a teacher, his wife and their son in their house in Beni.",
     3, SKIP),
    ("On 25 May 2020, militants attacked a military base in Inates. The attack left 7 soldiers dead.", 7, SKIP),
    ("On 6 June 2021, gunmen kidnapped a trader in Zamfara and killed him.", 1, SKIP),
    ("On 1 August 2019, fighters clashed with an allied militia in Ménaka. No casualties were reported.", 0, SKIP),
    ("On 13 July 2022, police dispersed a protest by students in Kano. No one was killed.", 0, SKIP),
    ("On 22 January 2021, troops raided a rebel hideout near Beni, killing 6 militants. The army said it lost "
     "no soldiers.", 6, SKIP),
    ("On 15 April 2020, armed men attacked a bus near Kumbo. Three passengers were killed, including a "
     "child.", 3, SKIP),
    ("On 10 October 2018, unidentified gunmen attacked a village near Goma. Two bodies were found the next "
     "day.", 2, SKIP),
    ("On 28 February 2022, the rebel group claimed to have killed 30 soldiers in an attack on a base near "
     "Mopti.", 0, SKIP),
    ("On 4 September 2019, rioters burned a police station in Lagos. Several police officers were injured.",
     0, SKIP),
    ("On 18 March 2021, a drone strike hit a vehicle near Marib, killing its two occupants.", 2, SKIP),
    ("On 7 May 2020, clashes between two communities in Jonglei left scores dead.", 20, SKIP),
    ("On 29 June 2019, a soldier died of his wounds a day after an ambush near Dori.", 1, SKIP),
    ("On 16 November 2021, a suicide bomber blew himself up at a checkpoint in Mogadishu, killing three "
     "soldiers.", 4, SKIP),
    ("On 20 December 2020, militants stormed a village in Tillabéri and killed 10 to 15 civilians.", 10, SKIP),
    ("On 2 February 2019, security forces killed a suspected kidnapper during a raid in Kaduna.", 1, SKIP),
    ("On 23 August 2022, gunmen attacked a farm in Plateau. The dead included two children and their mother.",
     3, SKIP),
    # no deaths in the event, with deaths mentioned around it
    ("On 5 March 2021, around 200 students protested in Abuja against the killing of a classmate by police "
     "last month.", 0, SKIP),
    ("On 9 June 2020, militants attacked a police post in Diffa. The attack came a week after five soldiers "
     "were killed in a similar raid.", 0, SKIP),
    ("On 12 May 2019, police arrested three suspects in connection with the murder of a local councillor in "
     "2018.", 0, SKIP),
    ("On 2 February 2022, residents of Beni protested the death of two civilians killed by militants the "
     "previous week.", 0, SKIP),
    ("On 7 July 2021, gunmen attacked a convoy near Kidal. No casualties were reported. Last year, a similar "
     "ambush killed 11 peacekeepers.", 0, SKIP),
    ("On 23 October 2019, troops clashed with rebels in Ituri in retaliation for the killing of four soldiers.",
     0, SKIP),
    ("On 30 September 2021, hundreds of women marched in Bamako to denounce the killings of civilians.", 0, SKIP),
    ("On 6 November 2018, militants attacked an army base near Diffa, and several soldiers were injured.", 0, SKIP),
    ("On 17 May 2022, the army said it killed no civilians during an operation in Tillaberi.", 0, SKIP),
    ("On 11 January 2020, Boko Haram militants raided Mainok (Borno). An unknown number of civilians were "
     "killed.", None, SKIP),
    # more figures
    ("On 14 February 2021, militants attacked a military camp near Tahoua. Two attackers were killed, as well "
     "as one soldier.", 3, SKIP),
    ("On 16 May 2021, airstrikes hit a residential building in Gaza, killing a family of seven.", 7, SKIP),
    ("On 7 December 2020, militants ambushed a convoy near Kidal, killing four peacekeepers. Two more "
     "peacekeepers died of their injuries on Thursday.", 6, SKIP),
    ("On 3 May 2019, militants attacked a post near Gao. 3 fatalities.", 3, SKIP),
    ("On 1 July 2021, unidentified gunmen attacked a church in Kaduna. The attack resulted in 4 fatalities.",
     4, SKIP),
]

GTD = [
    ("03/14/2015: Assailants detonated an explosive device near a market in Kirkuk. At least three people "
     "were killed and five others were injured in the blast.", 3, 5),
    ("07/02/2016: A suicide bomber attacked a police station in Diyarbakir. The bomber and two officers were "
     "killed, and 12 people were wounded.", 3, 12),
    ("11/20/2014: Gunmen opened fire on a bus in Quetta, killing 8 passengers and wounding 4.", 8, 4),
    ("05/09/2013: An explosive device detonated near a school in Peshawar. No one was hurt in the blast.", 0, 0),
    ("09/30/2017: Assailants set fire to a polling station in Kandahar. There were no casualties.", 0, 0),
    ("02/11/2012: A car bomb exploded outside a hotel in Mogadishu, killing 6 people and injuring 14 others.",
     6, 14),
    ("04/04/2018: Militants attacked a passenger aircraft near Kunduz, killing all those on board.", None, 0),
    ("08/15/2014: Assailants threw a grenade into a crowd in Bujumbura. Two people were killed. The death "
     "toll later rose to five.", 5, 0),
    ("12/01/2015: Gunmen attacked a checkpoint in Arish. Five soldiers were killed and 3 were injured. The "
     "five soldiers who were killed included an officer.", 5, 3),
    ("06/18/2019: An explosive device detonated inside a mosque in Maiduguri. Ten people, including two "
     "imams, were killed.", 10, 0),
    ("01/22/2016: Assailants attacked a restaurant in Ouagadougou. Sources reported between 20 and 30 people "
     "killed and dozens wounded.", 20, 12),
    ("10/10/2013: A roadside bomb struck a police vehicle in Baghdad. Two officers died and four others were "
     "injured.", 2, 4),
    ("03/27/2017: Assailants stabbed a shopkeeper in Karachi. The victim succumbed to his injuries.", 1, 0),
    ("05/31/2014: A bomb exploded at a bus stop in Jos, killing 12 people and wounding 30. The following day, "
     "officials said 12 people had died in the attack.", 12, 30),
    ("09/09/2018: Gunmen attacked a village near Bunia. The attack claimed the lives of four civilians.", 4, 0),
    ("07/07/2015: An explosive device detonated near a checkpoint in Sinai. The attack caused a death toll of "
     "9.", 9, 0),
    ("11/03/2019: Assailants opened fire on worshippers in Sokoto. Six people were shot dead and two were "
     "injured.", 6, 2),
    ("02/26/2014: A suicide bomber detonated an explosives-laden vest at a funeral in Baquba. The attack "
     "killed 15 people, including the bomber, and injured 25.", 15, 25),
    ("06/05/2016: Gunmen attacked a police post in Aktobe. Three officers and two attackers were killed.", 5, 0),
    ("04/19/2013: A bomb exploded in a crowded square in Hilla, killing 14 people and leaving 40 injured.",
     14, 40),
    ("08/08/2017: Unknown assailants ambushed a convoy near Tal Afar. Casualties were not reported.", None, 0),
    ("12/24/2016: An explosive device detonated outside a church in Cairo, wounding a guard. No deaths were "
     "reported.", 0, 1),
    ("10/29/2018: Assailants attacked a bus carrying pilgrims in Minya. Seven passengers were killed and 19 "
     "others injured.", 7, 19),
    ("01/15/2014: A grenade was hurled at a bar in Mombasa, wounding several people.", 0, 3),
    ("03/03/2019: Militants attacked a military outpost in Kurram, and a number of soldiers were killed.", 3, 0),
    ("05/20/2015: A bomb exploded near a bank in Kabul, leaving 3 civilians dead and one injured.", 3, 1),
    ("09/12/2014: Gunmen killed two health workers in Bannu. A third worker was wounded.", 2, 1),
    ("11/11/2017: An explosive device went off inside a cafe in Nazran. Reports put the number of dead at "
     "four.", 4, 0),
    ("06/23/2013: Assailants shot and killed a journalist in Basra.", 1, 0),
    ("02/02/2018: A car bomb exploded at a market in Benghazi. At least 30 were killed and more than 50 "
     "injured.", 30, 50),
    ("08/01/2016: Militants attacked a police convoy near Ramadi. One officer was killed and two were "
     "wounded, police said.", 1, 2),
]

CASES = [("acled", *c) for c in ACLED] + [("gtd", *c) for c in GTD]


def stated(events, key):
    return sum(getattr(e, key) or 0 for e in events if e.certainty == "reported" and e.count == 1)


def matches(events, key, want) -> bool:
    if want is SKIP:
        return True
    if want is None:
        return all(getattr(e, key) is None for e in events)
    return stated(events, key) == want


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every miss with the events found")
    ap.add_argument("--only", type=int, nargs="*", help="case numbers to run")
    args = ap.parse_args(argv)
    from sitrep.pipeline import Resources, extract_doc, load_nlp, parse_text
    from sitrep.records import Article

    nlp, res = load_nlp(), Resources()
    tally = {k: [0, 0] for k in ("dead+", "dead0", "hurt")}
    by_set = {k: [0, 0] for k in ("acled dead+", "acled dead0", "gtd dead", "gtd hurt")}
    for i, (kind, text, dead, hurt) in enumerate(CASES):
        if args.only and i not in args.only:
            continue
        art = Article(id=f"c{i}", text=text, published="2024-02-10")
        evs = extract_doc(art, nlp(parse_text(art)), res).events
        ok_dead, ok_hurt = matches(evs, "fatalities", dead), matches(evs, "injured", hurt)
        key = "dead+" if dead else "dead0"
        tally[key][0] += ok_dead
        tally[key][1] += 1
        if hurt is not SKIP:
            tally["hurt"][0] += ok_hurt
            tally["hurt"][1] += 1
        for name, ok in ((f"acled {key}" if kind == "acled" else "gtd dead", ok_dead),
                         *((("gtd hurt", ok_hurt),) if kind == "gtd" and hurt is not SKIP else ())):
            by_set[name][0] += ok
            by_set[name][1] += 1
        if args.show and not (ok_dead and ok_hurt):
            print(f"[{i}] {kind} want dead={dead} hurt={'-' if hurt is SKIP else hurt}: "
                  f"got dead={stated(evs, 'fatalities')} hurt={stated(evs, 'injured')}  {text}")
            for e in evs:
                print(f"      {e.type} {e.trigger!r} fat={e.fatalities} inj={e.injured} {e.certainty} count={e.count}")
    total = sum(v[0] for v in tally.values() if v is not tally["hurt"]), tally["dead+"][1] + tally["dead0"][1]
    for k, (ok, n) in tally.items():
        print(f"{k:6} {ok}/{n} = {ok / n:.2f}" if n else f"{k:6} -")
    print(f"fatalities overall {total[0]}/{total[1]} = {total[0] / total[1]:.2f}")
    print("  ".join(f"{k} {ok}/{n} = {ok / n:.2f}" for k, (ok, n) in by_set.items() if n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
