"""Explain before accusing: a disputed value the other article states elsewhere about the same
thing, or that its parts add up to, is not a conflict; a value nobody explains stays one.
One row per phenomenon, each on excerpts of the real ECB+ tuning articles it came from, carried
inline: nothing here reads ../shared but the Kompas corpus test, which is marked slow."""

import json
from pathlib import Path

import pytest

from eval.evaluate import pair_claims
from factcheck.compare import RoleCache
from factcheck.context import NATIONAL, role_of
from factcheck.lang.en import LANGUAGE as ENGLISH
from factcheck.lang.id import LANGUAGE as INDONESIAN
from factcheck.numbers import NumberFinder
from factcheck.pipeline import Stage, rule_findings
from factcheck.types import ClaimPair, Document, Mention, Sentence

# The one test that needs a corpus: the whole Kompas oil corpus, end to end (marked slow).
KOMPAS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "kompas-2014-oil" / "articles.jsonl"

# Excerpts of the real ECB+ tuning articles the rows come from: their dateline (which dates the
# article, as the full text did) and the sentences each row needs, in the article's order.
ARTICLES: dict[str, list[str]] = {
    "36_8ecb": [
        "Polygamous leaders arrested in Canada, ordered to surrender passports",
        (
            "Two leaders of polygamous groups with ties to Utah have been arrested in Canada, charged with "
            "practicing polygamy."
        ),
        "One of the wives of former Fundamentalist LDS Church leader Winston Blackmore confirmed his arrest Wednesday.",
        (
            "“It's for polygamy,” she said, declining to give her name but telling the Deseret News she was one of "
            "Blackmore's wives."
        ),
        "She also said FLDS bishop Jim Oler was also arrested.",
        "The criminal charges were filed Tuesday in Creston, British Columbia.",
    ],
    "36_2ecb": [
        "Polygamy arrests made in Canada",
        (
            "Two leaders of polygamous factions in Bountiful, British Columbia, have been arrested, Canadian "
            "authorities announced."
        ),
        (
            "Jim Oler, 44, and Winston Blackmore, 52, have been charged under the criminal code with practicing "
            "polygamy, Attorney General Wally Oppal said in a statement."
        ),
        "British Columbia's Royal Canadian Mounted Police have scheduled a news conference this afternoon.",
        "The men were arrested this morning, said Sgt. Tim Shields, a media relations officer for the RCMP.",
        "The men were arrested this morning, said Sgt. Tim Shields, a media relations officer for the RCMP.",
    ],
    "5_14ecb": [
        (
            "Andre Miller is averaging 15.5 points per game, Andre Iguodala 14.9 points, a drop of five points per "
            "game from last season, while Samuel Dalembert is down almost five points per game with his 5.8 points "
            "and just over two rebounds."
        ),
    ],
    "5_1ecb": [
        (
            "Miller is averaging 15.5 points per game this season, but Iguodala is averaging just 14.9 points per "
            "contest, a drop of five points per game from last season."
        ),
        "Dalembert is down almost five points per game (5.8 ppg) and just over two rebounds (8.0) per contest.",
    ],
    "12_3ecb": [
        (
            "Striking another blow against the pirates infesting the waters off the Horn of Africa, an Indian Navy "
            "warship not only repulsed an attack on a merchant vessel in the Gulf of Aden, but nabbed 23 Somali and "
            "Yemeni sea brigands."
        ),
        (
            "The pirates, in three boats, were attempting to hijack the Ethopian-flagged merchant vessel around noon "
            "today, when the destroyer INS Mysore intervened and repulsed the attack, a Navy spokesman said here."
        ),
        "Marine commandos boarded two of the pirate vessels to nab 12 Somali and 11 Yemeni pirates.",
        (
            "Nine assault rifles, a grenade launcher, 13 fully loaded magazines and a GPS receiver were seized from "
            "the pirates, the Navy spokesman said."
        ),
    ],
    "12_9ecb": [
        (
            "The Indian navy says it has arrested 23 Somali and Yemeni pirates who tried to storm a ship in the Gulf "
            "of Aden."
        ),
    ],
    "45_2ecbplus": [
        "Published 9:46 PM CDT Sep 26, 2013",
        "Flynn's body was found in a car near Spiro on April 9.",
    ],
    "45_3ecbplus": [
        "Published: January 3, 2013",
        "Flynn's body was found in a car near Spiro on April 9.",
    ],
    "12_1ecb": [
        (
            "The Indian Navy on Saturday prevented pirates from attacking a merchant vessel flying an Ethiopian flag "
            "in the Gulf of Aden and took 23 into custody."
        ),
        (
            "Responding to a distress call by MV Gibe, INS Mysore on anti-piracy patrol in the area, swung into "
            "action against the pirates in two boats, a Defence Ministry release said."
        ),
        (
            "The apprehended included 12 Somalis and 11 Yemenis. Seven AK-47s, three other automatic rifles, 13 "
            "loaded magazines, a rocket-propelled grenade-launcher, rockets, cartridges and grenades were found in "
            "the boats."
        ),
        (
            "On November 19, INS Tabar sunk a fishing trawler that was under the control of pirates, in a third "
            "successive strike since its deployment on November 2 this year."
        ),
    ],
    "45_7ecbplus": [
        (
            "Man found GUILTY of shooting dead pregnant girlfriend execution-style because 'he didn't want another "
            "child to support'"
        ),
        "September 27, 2013",
        (
            "A jury in eastern Oklahoma has convicted a 27-year-old man of shooting dead his pregnant girlfriend and "
            "her unborn baby after she refused to get an abortion."
        ),
        (
            "The jury deliberated almost seven hours Thursday before convicting Christopher Kenyon Simpson, of "
            "Spiro, in the death of 20-year-old Ka'loni Flynn, of Fort Smith, Arkansas."
        ),
        "The jurors recommended the maximum sentence of life in prison without parole.",
        "Simpson is scheduled to be sentenced November 8.",
    ],
    "45_9ecbplus": [
        (
            "Trial is set for June 17 for 26-year-old Christopher Kenyon Simpson of Fort Coffee, who is accused of "
            "fatally shooting Ka'Loni Marie Flynn of Fort Smith, Ark."
        ),
    ],
    "21_2ecb": [
        "Police pulled the 36-year-old driver over a few blocks away, the station reported.",
    ],
    "21_1ecb": [
        "The driver allegedly hit a 66-year-old woman near a Bloomington parking lot and fled the scene.",
    ],
    "23_9ecbplus": [
        "Australian Ski Mountaineer Dies in Fall in New Zealand",
        "September 16, 2013 9:36 am",
        (
            "A 36-year-old Australian man died on Friday after falling 150 meters from a ridge in Aoraki / Mt. Cook "
            "National Park on New Zealand’s South Island."
        ),
        (
            "The day following Rait’s death an inexperienced and reportedly ill-equipped mountain climber with "
            "rental gear, 31-year-old Robert Buckley of the U.K. but living in Christchurch, New Zealand, slipped on "
            "ice and fell 700 meters to his own death elsewhere in the same National Park."
        ),
    ],
    "23_11ecbplus": [
        "8:05am UK, Monday 16 September 2013",
        (
            'A 32-year-old British climber, described as "lacking experience", dies after falling from a mountain '
            "in New Zealand."
        ),
        (
            "Robert Buckley, 32, was climbing to a small hut on Mount Sefton in the Aoraki-Mt Cook National Park on "
            "Saturday."
        ),
        (
            "Mr Buckley's death came a day after 36-year-old Duncan Raite died when he slipped and fell around 200ft "
            "from a ridge in the same national park."
        ),
    ],
    "12_17ecb": [
        (
            "For the fourth time in two months, the Indian Navy on Saturday took the bandits head on foiling a "
            "piracy attempt and putting 23 pirates out of business."
        ),
        (
            "Pirates on a dhow and a smaller boat attacked this merchant ship about 1100 hrs IST, 150 nautical miles "
            "west of Aden, firing machine guns to scare the crew."
        ),
        (
            "The cache of arms on the pirate ship included seven AK-47 rifles, one rocket propelled grenade "
            "launcher, grenades and three other rifles."
        ),
    ],
    "12_19ecb": [
        "Taking the lead in the fight against piracy, the Indian Navy on Saturday arrested 23 Somali pirates.",
        "The Indian commandos also recovered 12 AK 47 guns, three rifles, two grenades along with other ammunition.",
    ],
    "19_14ecb": [
        (
            "An opinion poll for the respected Kathimerini newspaper found that 68 per cent of Greeks believe the "
            "government has mishandled the crisis including nearly half of respondents who voted for Mr Karamanlis ' "
            "conservative party in last year's elections."
        ),
    ],
    "19_3ecb": [
        "The poll of 520 people published in the Kathimerini newspaper gave a 4.5 percent margin of error.",
    ],
    "45_2ecb": [
        (
            "On November 12, a jury in Redwood City, California, convicted Scott Peterson of first-degree murder in "
            "the death of his wife, 23-year-old Laci, and second-degree murder in the death of his 8-month-old "
            "unborn son, whom the couple were planning to name Conner."
        ),
        "Laci disappeared from the couple's home in Modesto, California, 23 months ago.",
        (
            "The bodies of Laci and Conner later washed up in the San Francisco Bay, near where Scott told police he "
            "had gone fishing the day his wife disappeared."
        ),
    ],
    "45_4ecb": [
        (
            "Laci Peterson's loved ones have “a hole in their hearts that will never be repaired,” a prosecutor told "
            "jurors today as he asked them to send convicted double-murderer Scott Peterson to his death for killing "
            "his wife and unborn son."
        ),
        (
            "The jury convicted the 32-year-old Peterson on Nov. 12 of first-degree murder for killing his wife and "
            "second-degree murder for the death of his unborn son."
        ),
    ],
    "13_12ecbplus": [
        "Tuesday, August 7, 2012",
        (
            "The first 9-1-1 call came at 3:33 a.m. from someone at Valley Hotel, Palmer public safety director Jon "
            "Owen said this morning."
        ),
        "The fire was knocked down by 6:40 a.m.",
    ],
    "13_9ecbplus": [
        "August 7, 2012-5:46 pm",
        "Owen says the fire call came in at 3:30 a.m.",
    ],
    "13_6ecbplus": [
        "August 07, 2012",
        "The fire was extinguished by 7 a.m., after fire crews attacked it from all sides.",
    ],
    "23_2ecbplus": [
        "Last updated 15:48 15/09/2013",
        "Yesterday, a 36-year-old Australian climber died after falling about 150 metres at Mt Cook.",
    ],
    "19_1ecb": [
        (
            "Fresh riots were reported in Greece on Saturday December 13 2008 in protest at the killing by police of "
            "a 15-year-old boy, Alexandros Grigoropoulos, eight days ago."
        ),
    ],
    "19_4ecb": [
        (
            "A deadly police shooting Dec. 6 in Athens of Alexandros Grigoropoulos, 15, was killed touched off the "
            "first riots."
        ),
    ],
    "23_8ecbplus": [
        "14:25 Sun Sep 15 2013",
        (
            "The man aged in his early 30s fell about 600m while climbing near the Mount Sefton Bivvy on Saturday "
            "afternoon."
        ),
        "A 36-year-old man died about 11am on Friday after he slipped and fell about 200m down a steep icy gully.",
    ],
    "23_6ecbplus": [
        "Australian, English climbers killed in New Zealand",
        "SEPTEMBER 16, 2013 11:12AM",
        (
            "On Friday, 36-year-old Duncan Rait died after slipping and falling about 60m from a ridge near the "
            "Tasman Glacier."
        ),
        (
            "On Saturday, 32-year-old Englishman Robert Buckley fell about 600m while climbing to a small hut on "
            "Mount Sefton with three companions."
        ),
    ],
    "32_5ecbplus": [
        "Last updated at 11:24, Tuesday, 18 June 2013",
        (
            "The bodies of Ms McMeekin and Miss Jenkin, were found in their house in Newton Street, Millom, on "
            "Saturday about 8.40am."
        ),
    ],
    "32_8ecbplus": [
        (
            "On Saturday 8 June 2013, at 8:39am police were called to a property in Newton Street where Mrs McMeekin "
            "and Miss Jenkin were tragically found dead with head injuries."
        ),
    ],
    "45_5ecbplus": [
        (
            "An Oklahoma jury has found 27 year old Christopher Simpson guilty of first degree murder of his then "
            "pregnant 20 year old girlfriend Ka'loni Flynn and their 12 week unborn child."
        ),
        "The murder is said to have taken place on April 9 at 3 am in Flynn's car which was parked at the time.",
    ],
    "45_1ecbplus": [
        "Posted September 26, 2013-3:47pm Updated September 27, 2013-6:56am",
        (
            "The prosecution contends Simpson planned the murders, then shot Flynn execution-style twice in the head "
            "on Easter Sunday, April 8, 2012, killing her and her fetus because he did not want another child to "
            "support, and Flynn refused an abortion."
        ),
    ],
    "12_8ecb": [
        (
            "The Indian navy captured 23 piracy suspects who tried to take over a merchant vessel in the Gulf of "
            "Aden, between the Horn of Africa and the Arabian Peninsula, Indian officials said."
        ),
        (
            "The merchant ship, which was 13 nautical miles from the Mysore, fired back with small arms onboard the "
            "vessel."
        ),
    ],
    "12_12ecb": [
        (
            "In another successful anti-piracy operation, Navy warship on Saturday repulsed an attack on a merchant "
            "vessel in the Gulf of Aden and nabbed 23 Somali and Yemeni sea brigands, in a show of resolve to weed "
            "out the menace that affected maritime trade in the region."
        ),
        (
            "The attack took place about 150 nautical miles off Aden and INS Mysore was about 13 nautical miles away "
            "from the merchant vessel when it picked up the SOS call."
        ),
        (
            "The Naval commandos also boarded the pirates ' boats and seized seven AK-47 assault rifles, two other "
            "rifles, a grenade launcher and 13 fully loaded magazines of ammunition from the 12 Somali and 11 Yemeni "
            "pirates on board the two pirate boats."
        ),
    ],
    "45_12ecbplus": [
        (
            "Prosecutors have charged 27-year-old Christopher Kenyon Simpson with two counts of first-degree murder "
            "in the April 2012 shooting death of 20-year-old Ka'Loni Flynn of Fort Smith and the resulting death of "
            "the fetus."
        ),
    ],
    "40_1ecbplus": [
        "posted Jun 11th, 2012 at 1:23 PM",
        (
            "If you're more comfortable with Apple's conventional MacBook Pro design than the new variety, Apple "
            "will ask $1,099 for the base 13-inch version and $1,799 for a 15-inch version, with an upgraded 15-inch "
            "model going for $2,199."
        ),
        (
            "All of them are shipping today - - we're not seeing any mention of an updated 17-inch version, so it "
            "may have been cast aside."
        ),
    ],
    "40_6ecbplus": [
        "JUNE 11, 2012 AT 10:33 AM PT",
        (
            "The 13-inch model comes in $1,199 and $1,499 versions; the 15-inch model is offered in $1,799 and "
            "$2,199 versions."
        ),
    ],
    "5_7ecbplus": [
        "MONDAY, MAY 23, 2005",
        "Sixers' Coach Jim O'Brien was fired today and taking over will be former Portland Trailblazers Coach...",
    ],
    "5_1ecbplus": [
        "Posted: May 24, 2005",
        (
            "Cheeks, who was fired March 2 as head coach of the Portland Trail Blazers, is the fourth head coach "
            "since King took over as the team's president and general manager on May 26, 2003."
        ),
    ],
    "40_2ecbplus": [
        (
            "The 11-inch models will start at $999 with a 1.7GHz dual-core Intel Core i5 processor, 4GB RAM, "
            "integrated Intel HD 4000 graphics, 64GB flash storage, and 5 hours of battery life, with a higher-tier "
            "model for $1099 that contains 128GB of flash storage."
        ),
        "Apple says the new 11-inch and 13-inch Macbook Air models are available now.",
    ],
    "40_6ecb": [
        "At less than an inch thick the new MacBook Pro will come in two models.",
    ],
    "40_5ecb": [
        (
            "Built on the precision unibody enclosure, the Pro was launched as the “world's thinnest 17” notebook,” "
            "at only 0.98 inches thick, and also the “world's lightest,” weighing in at 6.6 pounds"
        ),
    ],
    "40_4ecb": [
        (
            "Apple calls the 17-inch MacBook Pro the “world's lightest and thinnest 17-inch notebook,” and it isn't "
            "exaggerating."
        ),
    ],
    "40_8ecbplus": [
        "MONDAY, JUNE 11TH, 2012 AT 10:49 AM",
        (
            "The new MacBook Pro will start at $2,199 for the 2.3 GHz quad-core i7 model with 256GB flash storage, "
            "and go up from there."
        ),
    ],
    "45_10ecbplus": [
        "Saturday, 28 September 2013 01:43",
        (
            "The jury deliberated almost seven hours Thursday before convicting 27-year-old Christopher Kenyon "
            "Simpson in the death of 20-year-old Ka'loni Flynn, of Fort Smith, Ark."
        ),
    ],
    "12_5ecb": [
        (
            "On November 11, INS Tabar had repulsed two hijack attempts, one on an Indian ship (MV Jag Arnav) and "
            "the other on a Saudi oil carrier (NCC Tihama), one after the other."
        ),
    ],
    "34_10ecbplus": [
        "Jul 13, 2009 01:40 PM",
        (
            "In 1990 she founded the Bayou La Batre Rural Health Clinic, which cares for a largely uninsured "
            "working-class community that was hit by both Hurricanes Katrina and George."
        ),
    ],
    "34_8ecbplus": [
        "WEDNESDAY, JULY 29, 2009",
        (
            "The Bayou La Batre Rural Health Clinic has been a staple for residents since 1987 and often doesn't "
            "charge patients who can't afford to pay."
        ),
    ],
}


ROWS = [
    # (what, other articles in the run, (article, mention), (article, mention), flagged?)
    (
        # 5_14ecb: "Andre Miller is averaging 15.5 points per game, ... Samuel Dalembert ... with his 5.8 points";
        # 5_1ecb: "Miller is averaging 15.5 points per game this season" and "Dalembert ... (5.8 ppg)".
        "each side's figure is stated about the same player in the other article",
        (),
        ("5_14ecb", "5.8"),
        ("5_1ecb", "15.5"),
        False,
    ),
    (
        # 12_3ecb: "... to nab 12 Somali and 11 Yemeni pirates"; 12_9ecb: "... arrested 23 Somali and Yemeni pirates".
        "parts that add up to the other article's whole are one count, split",
        (),
        ("12_3ecb", "12"),
        ("12_9ecb", "23"),
        False,
    ),
    (
        # 45_2ecbplus (published 2013) and 45_3ecbplus (published 2012) both write "April 9", no year:
        # each publication date places it in another year, but neither article wrote a year.
        "a year the articles did not write never accuses: the same day and month agree",
        (),
        ("45_2ecbplus", "April 9"),
        ("45_3ecbplus", "April 9"),
        False,
    ),
    (
        # 12_1ecb: two pirate boats attacked; 12_3ecb: three boats. Neither article gives the other's count.
        "a count neither article explains stays a conflict",
        (),
        ("12_1ecb", "two"),
        ("12_3ecb", "three"),
        True,
    ),
    (
        # 45_7ecbplus: "The jury deliberated almost seven hours Thursday before convicting ...";
        # 45_9ecbplus: "Trial is set for June 17 for 26-year-old Christopher Kenyon Simpson".
        "an age is not a duration",
        (),
        ("45_7ecbplus", "seven hours"),
        ("45_9ecbplus", "26-year"),
        False,
    ),
    (
        # 21_2ecb: "Police pulled the 36-year-old driver over"; 21_1ecb: "hit a 66-year-old woman".
        "two people's ages, each named by a common noun",
        (),
        ("21_2ecb", "36-year"),
        ("21_1ecb", "66-year"),
        False,
    ),
    (
        # 23_9ecbplus: "31-year-old Robert Buckley"; 23_11ecbplus: "A 32-year-old British climber".
        "one man's age, once by name and once by nationality, stays a conflict",
        (),
        ("23_9ecbplus", "31-year"),
        ("23_11ecbplus", "32-year"),
        True,
    ),
    (
        # 12_17ecb: "... included seven AK-47 rifles, one rocket propelled grenade launcher, grenades and
        # three other rifles"; 12_19ecb: "... recovered 12 AK 47 guns, three rifles, two grenades".
        "in two lists, a figure is paired with the one at its own place",
        (),
        ("12_17ecb", "one"),
        ("12_19ecb", "two"),
        False,
    ),
    (
        # 19_14ecb: "... found that 68 per cent of Greeks believe the government has mishandled the
        # crisis"; 19_3ecb: "The poll ... gave a 4.5 percent margin of error."
        "shares of two things are two facts",
        (),
        ("19_14ecb", "68 per cent"),
        ("19_3ecb", "4.5 percent"),
        False,
    ),
    (
        # 45_2ecb: "... the death of his 8-month-old unborn son"; 45_4ecb: "the 32-year-old Peterson".
        "ages far apart are two people, whoever holds them",
        (),
        ("45_2ecb", "8-month"),
        ("45_4ecb", "32-year"),
        False,
    ),
    (
        # 13_12ecbplus: "The first 9-1-1 call came at 3:33 a.m."; 13_9ecbplus: "the fire call came in at
        # 3:30 a.m." Both take their day from publication (7 Aug 2012).
        "two clock times of one call are compared",
        (),
        ("13_12ecbplus", "3:33 a.m."),
        ("13_9ecbplus", "3:30 a.m."),
        True,
    ),
    (
        # 13_6ecbplus: "The fire was extinguished by 7 a.m."; 13_12ecbplus: "knocked down by 6:40 a.m."
        "a bound on a time is no time to contradict",
        (),
        ("13_6ecbplus", "7 a.m."),
        ("13_12ecbplus", "6:40 a.m."),
        False,
    ),
    (
        # 23_2ecbplus (published 15 Sep 2013): "Yesterday, a 36-year-old Australian climber died";
        # 23_9ecbplus: "A 36-year-old Australian man died on Friday". Each names a day of its own week.
        "'yesterday' and 'on Friday' of one death are compared",
        (),
        ("23_2ecbplus", "Yesterday"),
        ("23_9ecbplus", "on Friday"),
        True,
    ),
    (
        # 45_9ecbplus: "Trial is set for June 17 for 26-year-old Christopher Kenyon Simpson";
        # 45_10ecbplus: "The jury deliberated almost seven hours Thursday before convicting ...".
        "a day planned is not contradicted by a day that happened",
        (),
        ("45_9ecbplus", "June 17"),
        ("45_10ecbplus", "Thursday"),
        False,
    ),
    (
        # 19_1ecb: "... the killing by police of a 15-year-old boy ... eight days ago", counted from the
        # riots' day in its first line; 19_4ecb: "A deadly police shooting Dec. 6".
        "a counted relative date is not compared",
        (),
        ("19_1ecb", "eight days ago"),
        ("19_4ecb", "Dec. 6"),
        False,
    ),
    (
        # 23_8ecbplus's dateline "Sun Sep 15 2013" was read without its year, and its dates left the event.
        "a fall of 200m against 200ft (60m), dated by a dateline with the year after the day",
        (),
        ("23_8ecbplus", "200m"),
        ("23_11ecbplus", "200ft"),
        True,
    ),
    (
        # 23_9ecbplus: "... Robert Buckley ... slipped on ice and fell 700 meters ... in the same National
        # Park"; 23_6ecbplus: "Robert Buckley fell about 600m". The hedge hid the verb's role, and
        # "National Park" was read as the whole country.
        "a fall of 700 meters against about 600m, one with a hedge and one in a National Park",
        (),
        ("23_9ecbplus", "700 meters"),
        ("23_6ecbplus", "600m"),
        True,
    ),
    (
        # 32_5ecbplus (published 18 Jun 2013): "The bodies ... were found ... on Saturday about 8.40am";
        # 32_8ecbplus: "On Saturday 8 June 2013, at 8:39am police were called". Read from its
        # publication day, the first "Saturday" is the 15th: the week is ours, the weekday theirs.
        "one weekday, a week apart only by our reading of 'on Saturday', agrees",
        (),
        ("32_5ecbplus", "on Saturday"),
        ("32_8ecbplus", "Saturday 8 June 2013, at 8:39am"),
        False,
    ),
    (
        # 45_4ecb: "The jury convicted the 32-year-old Peterson on Nov. 12"; 45_5ecbplus: "An Oklahoma
        # jury has found 27 year old Christopher Simpson guilty". Neither article names the other man.
        "two named people's ages, each named nowhere in the other article",
        (),
        ("45_4ecb", "32-year"),
        ("45_5ecbplus", "27 year"),
        False,
    ),
    (
        # 12_8ecb: "The merchant ship, which was 13 nautical miles from the Mysore, fired back";
        # 12_17ecb: "... attacked this merchant ship about 1100 hrs IST, 150 nautical miles west of Aden".
        # 12_12ecb states both: "about 150 nautical miles off Aden and INS Mysore was about 13 nautical
        # miles away from the merchant vessel".
        "two values a third sentence states side by side are two facts",
        ("12_12ecb",),
        ("12_8ecb", "13"),
        ("12_17ecb", "150"),
        False,
    ),
    (
        # 12_19ecb: "The Indian commandos also recovered 12 AK 47 guns, three rifles, two grenades";
        # 12_1ecb: "Seven AK-47s, three other automatic rifles, 13 loaded magazines ... were found".
        "a hyphenated counted noun matches its parts: 'AK 47 guns' against 'AK-47s'",
        (),
        ("12_19ecb", "12"),
        ("12_1ecb", "Seven"),
        True,
    ),
    (
        # 12_12ecb: "seized seven AK-47 assault rifles, two other rifles, a grenade launcher";
        # 12_1ecb: "Seven AK-47s, three other automatic rifles, 13 loaded magazines".
        "a count of the others is compared with the others' count",
        (),
        ("12_12ecb", "two"),
        ("12_1ecb", "three"),
        True,
    ),
    (
        # 45_4ecb: "The jury convicted the 32-year-old Peterson on Nov. 12 of first-degree murder";
        # 45_12ecbplus: "Prosecutors have charged 27-year-old Christopher Kenyon Simpson with two counts of
        # first-degree murder in the April 2012 shooting death of 20-year-old Ka'Loni Flynn of Fort Smith".
        "dates of sentences naming only people the other article never names are two events'",
        (),
        ("45_4ecb", "Nov. 12"),
        ("45_12ecbplus", "April 2012"),
        False,
    ),
    (
        # 40_1ecbplus: "If you're more comfortable with Apple's conventional MacBook Pro design than the
        # new variety, Apple will ask $1,099 for the base 13-inch version"; 40_6ecbplus: "The 13-inch
        # model comes in $1,199 and $1,499 versions". The "if" conditions another clause, not the price.
        "a condition in another clause does not make a figure a projection",
        (),
        ("40_1ecbplus", "$1,099"),
        ("40_6ecbplus", "$1,199"),
        True,
    ),
    (
        # 5_7ecbplus: "Sixers' Coach Jim O'Brien was fired today and taking over will be former Portland
        # Trailblazers Coach..."; 5_1ecbplus: "Cheeks, who was fired March 2 as head coach of the Portland
        # Trail Blazers". Two coaches fired; the pair shares 0.40 of its context words.
        "a finding whose strongest pair shares too few context words is not reported",
        (),
        ("5_7ecbplus", "today"),
        ("5_1ecbplus", "March 2"),
        False,
    ),
    (
        # 40_2ecbplus: "Apple says the new 11-inch and 13-inch Macbook Air models are available now";
        # 40_6ecb: "At less than an inch thick the new MacBook Pro will come in two models."
        "a size in inches is no count of the models it sizes",
        (),
        ("40_2ecbplus", "13-inch"),
        ("40_6ecb", "two"),
        False,
    ),
    (
        # 40_5ecb: "the “world's thinnest 17” notebook,” at only 0.98 inches thick"; 40_4ecb: "Apple calls
        # the 17-inch MacBook Pro the “world's lightest and thinnest 17-inch notebook”".
        "two measures of one machine, its thickness and its screen, are two facts",
        (),
        ("40_5ecb", "0.98 inches"),
        ("40_4ecb", "17-inch"),
        False,
    ),
    (
        # 40_2ecbplus: "The 11-inch models will start at $999 ..."; 40_8ecbplus: "The new MacBook Pro will
        # start at $2,199 ...". One price misreported is off by a slipped digit, not by more than half again.
        "sums of money more than 1.5x apart are two sums",
        (),
        ("40_2ecbplus", "$999"),
        ("40_8ecbplus", "$2,199"),
        False,
    ),
    (
        # 45_4ecb: "The jury convicted the 32-year-old Peterson on Nov. 12 ..."; 45_7ecbplus: "A jury in eastern
        # Oklahoma has convicted a 27-year-old man ...". Two trials: the articles share no specific value.
        "two reports that share no specific value besides the disputed ones are not known to be one event",
        (),
        ("45_4ecb", "32-year"),
        ("45_7ecbplus", "27-year"),
        False,
    ),
]


def _documents(pipeline, tmp_path: Path, ids: list[str]) -> dict[str, Document]:
    """The excerpts read as the articles were: one JSONL record each, dated by its own dateline."""
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "lang": "en", "text": "\n".join(ARTICLES[i])}) + "\n" for i in ids),
        encoding="utf-8",
    )
    return {d.article.id: d for d in pipeline.documents([str(path)])}


def _at(docs: dict[str, Document], article: str, text: str) -> tuple[Sentence, Mention]:
    found = [(s, m) for s in docs[article].sentences for m in s.mentions if m.text == text]
    assert found, f"{text!r} not read in {article}: {[m.text for s in docs[article].sentences for m in s.mentions]}"
    return found[0]


@pytest.mark.parametrize(("what", "others", "left", "right", "flagged"), ROWS, ids=[r[0] for r in ROWS])
def test_explain_before_accusing(pipeline, settings, tmp_path, what, others, left, right, flagged):
    """The hand rules' decision on the two sentences, aligned, among the other articles of the run."""
    docs = _documents(pipeline, tmp_path, list(dict.fromkeys([left[0], right[0], *others])))
    (sl, _), (sr, _) = _at(docs, *left), _at(docs, *right)
    stage = Stage(
        [ClaimPair(sl, sr, 1.0)],
        [],
        [],
        {k: d.article for k, d in docs.items()},
        RoleCache(list(docs.values()), settings.min_article_names),
    )
    found = rule_findings(stage, settings)
    pairs = {tuple(sorted((c.article, c.mention) for c in p)) for d in found for p in pair_claims(d)}
    assert (tuple(sorted([left, right])) in pairs) is flagged


NAMES = [
    # (what, article a, article b, compared?) — real ECB+ tuning articles (ARTICLES: the two polygamy
    # reports' first six lines, the Peterson and Simpson items whole)
    (
        "one arrest, two reports: they share Winston Blackmore, Jim Oler, British Columbia, Canada",
        "36_2ecb",
        "36_8ecb",
        True,
    ),
    ("Scott Peterson's trial against Christopher Simpson's: no shared names", "45_2ecb", "45_7ecbplus", False),
    ("a two-line item names too few people to tell events apart: not judged", "45_4ecb", "45_7ecbplus", True),
]


@pytest.mark.parametrize(("what", "a", "b", "compared"), NAMES, ids=[r[0] for r in NAMES])
def test_event_identity_by_shared_names(settings, what, a, b, compared):
    from factcheck.types import Article

    def article(aid: str) -> Article:
        return Article(id=aid, source=f"{aid}.txt", text="\n".join(ARTICLES[aid]), language="en")

    overlap = RoleCache(min_names=settings.min_article_names).name_overlap(article(a), article(b))
    assert (overlap >= settings.min_article_name_overlap) is compared, overlap


PLACES = [
    # (what, language, sentence, figure, where it holds) — real sentences, ECB+ t30_ecb and Kompas
    (
        "a place named after the figure",
        "en",
        "It is thought that up to 70 per cent of web services in Egypt, and 60 per cent in India, were disrupted.",
        "60 per cent",
        "india",
    ),
    (
        "the whole country",
        "id",
        "Ia juga mengatakan pemasangan RFID secara nasional di lebih dari 90 juta kendaraan bermotor bakal rampung.",
        "90 juta",
        NATIONAL,
    ),
    (
        "a province",
        "id",
        "Targetnya pemasangan RFID di sebanyak 4,5 juta kendaraan bermotor di Jakarta, rampung pada Desember 2013.",
        "4,5 juta",
        "jakarta",
    ),
    (
        "a place word before a lower-case word names no place",
        "id",
        "Baru sekitar 40.000 unit dari 4 juta target kendaraan di seluruh DKI Jakarta yang terpasang RFID.",
        "40.000",
        None,
    ),
    (
        # ECB+ 30_6ecb: the place comes first in each clause.
        "a place named before the figure in its clause",
        "en",
        "International telephone and internet services in Egypt were down by 80 percent, in India by 65 percent.",
        "80 percent",
        "egypt",
    ),
    (
        "a place named before the figure in its own clause, not the one before",
        "en",
        "International telephone and internet services in Egypt were down by 80 percent, in India by 65 percent.",
        "65 percent",
        "india",
    ),
    (
        # ECB+ 23_9ecbplus: "National Park" is a name; "national" alone was read as the whole country.
        "a park's name is no national scope",
        "en",
        "Robert Buckley slipped on ice and fell 700 meters to his own death elsewhere in the same National Park.",
        "700 meters",
        None,
    ),
]


@pytest.mark.parametrize(("what", "lang", "sentence", "figure", "place"), PLACES, ids=[r[0] for r in PLACES])
def test_where_a_figure_holds(what, lang, sentence, figure, place):
    finder = NumberFinder(INDONESIAN if lang == "id" else ENGLISH)
    mention = next(m for m in finder.find(sentence, []) if m.text == figure)
    sent = Sentence("a", 0, 0, len(sentence), sentence, [mention])
    assert role_of(sent, mention, lang).place == place


@pytest.mark.slow  # the whole Kompas corpus: which pairs align and which weekday errors stand depend on every article
def test_figures_for_two_places_are_two_facts(pipeline):
    """On the whole Kompas corpus the national RFID target (90 million vehicles) was flagged against
    Jakarta's (4.5 million); the two weekday errors must stay. (The installation update, 40.000 then
    135.000 units in articles 25 days apart, went with the shared-value test of event identity: the
    two articles share no other specific value.)"""
    found = pipeline.check([str(KOMPAS)]).discrepancies
    values = [{c.mention for c in d.claims} for d in found]
    assert not any({"90 juta", "4,5 juta"} <= v for v in values)
    assert sum(d.kind == "weekday" for d in found) == 2


DATE_GAPS = [
    # (what, (article, date), (article, date), compared?) — real ECB+ tuning sentences (ARTICLES)
    (
        # 12_1ecb: "... INS Tabar sank a Thai trawler ... on November 19"; 12_5ecb: "... repulsed the
        # hijack attempts on MV Jag Arnav and NCC Tihama on November 11". Two days of one mission.
        "two day-level dates more than three days apart are two events' days, not one day misreported",
        ("12_1ecb", "November 19"),
        ("12_5ecb", "November 11"),
        False,
    ),
    (
        # 45_5ecbplus puts Ka'Loni Flynn's murder on April 9; 45_1ecbplus says she was shot on April 8, 2012.
        "a day apart may be one day misreported: compared",
        ("45_5ecbplus", "April 9 at 3 am"),
        ("45_1ecbplus", "Sunday, April 8, 2012"),
        True,
    ),
    (
        # 34_10ecbplus: Gupta ... "In 1990"; 34_8ecbplus: "since 1987" — one year, labelled a true conflict.
        "years are misreported by years: compared",
        ("34_10ecbplus", "In 1990"),
        ("34_8ecbplus", "since 1987"),
        True,
    ),
]


@pytest.mark.parametrize(("what", "left", "right", "compared"), DATE_GAPS, ids=[r[0] for r in DATE_GAPS])
def test_dates_days_apart_are_two_events(pipeline, settings, tmp_path, what, left, right, compared):
    """Labelled tuning pairs of day- and month-level dates further apart than one event's days: 25,
    all false (a sequence of days: nomination opened and closed, a ship deployed and a ship sunk);
    years are exempt (``tests/real/rule_evidence.py``)."""
    from factcheck.compare import candidates

    docs = _documents(pipeline, tmp_path, [left[0], right[0]])
    (sl, ml), (sr, mr) = _at(docs, *left), _at(docs, *right)
    cache = RoleCache(list(docs.values()), settings.min_article_names)
    found = candidates(ClaimPair(sl, sr, 1.0), {k: d.article for k, d in docs.items()}, settings, cache)
    assert any(c.a is ml and c.b is mr for c in found) is compared


KINDS = [
    # (what, sentence a, figure a, sentence b, figure b, comparable?) — real ECB+ tuning sentences
    (
        "a year is compared only with a year",
        "A jury in eastern Oklahoma has convicted a Spiro man of two counts of first-degree murder in the "
        "2012 shooting death of his pregnant girlfriend.",
        "2012",
        "An Oklahoma man has pleaded not guilty to two first-degree murder charges for the deaths of an "
        "Arkansas woman and her fetus.",
        "two",
        False,
    ),
    (
        # 36_7ecbplus and 36_9ecbplus: a real conflict over the year of the overturned conviction.
        "two years are compared",
        "In August, the Utah Supreme Court tossed out a 2008 conviction in state court that found Jeffs was "
        "an accomplice to rape after he performed a marriage between Elissa Wall, 14, and her then "
        "19-year-old first cousin, Allen G. Steed.",
        "2008",
        "In July, the Utah Supreme overturned the 2007 convictions.",
        "2007",
        True,
    ),
    (
        "durations written in two units that disagree are two spans",
        "The election comes two years after the death of idiosyncratic dictator Saparmurat Niyazov, which "
        "kindled hopes here and in the West that the Central Asian country would gradually roll back its "
        "oppressive political regime and introduce greater freedoms.",
        "two years",
        "Voting stations were festooned with Turkmen flags and pictures of Berdymukhamedov, the successor of "
        "eccentric dictator Saparmurat Niyazov, who ruled Turkmenistan for two decades until his death in 2006.",
        "two decades",
        False,
    ),
]


KINDS += [
    (
        # 5_4ecb, and the same sentence with its leading digit slipped as benchmarks/synth.py plants errors.
        "a slipped digit in a sum is compared however far apart",
        "Stefanski expected more from a team that had signed free agent Elton Brand to an $82 million deal",
        "$82 million",
        "Stefanski expected more from a team that had signed free agent Elton Brand to an $52 million deal",
        "$52 million",
        True,
    ),
    (
        # 40_2ecbplus and 40_8ecbplus: two Macs' starting prices, more than 1.5x apart.
        "sums more than 1.5x apart, not one digit slipped, are two sums",
        "The 11-inch models will start at $999 with a 1.7GHz dual-core Intel Core i5 processor",
        "$999",
        "The new MacBook Pro will start at $2,199 for the 2.3 GHz quad-core i7 model",
        "$2,199",
        False,
    ),
]


@pytest.mark.parametrize(("what", "text_a", "fig_a", "text_b", "fig_b", "comparable"), KINDS, ids=[r[0] for r in KINDS])
def test_what_is_never_one_fact(what, text_a, fig_a, text_b, fig_b, comparable):
    from factcheck.compare import _comparable
    from factcheck.types import Article

    finder = NumberFinder(ENGLISH)
    a = next(m for m in finder.find(text_a, []) if m.text == fig_a)
    b = next(m for m in finder.find(text_b, []) if m.text == fig_b)
    art = Article(id="a", source="a", text=text_a, language="en")
    ra = role_of(Sentence("a", 0, 0, len(text_a), text_a, (a,)), a, "en")
    rb = role_of(Sentence("a", 1, 0, len(text_b), text_b, (b,)), b, "en")
    assert _comparable(a, b, art, art, ra, rb) is comparable


# (what, sentence a, figure a, sentence b, figure b, do their counted nouns meet?)
COMPOUNDS = [
    (
        "a figure in a compound measures the noun after it: a 3-point shot is no count of points",
        "Smith scored 10 points in the first half.",
        "10",
        "Smith then buried a 3-point shot to make it 57-46.",
        "3-point",
        False,
    ),
    (
        "two compounds of one unit meet",
        "A 7.9-magnitude earthquake struck off western Sumatra on Wednesday.",
        "7.9-magnitude",
        "The 7.8-magnitude quake struck off western Sumatra.",
        "7.8-magnitude",
        True,
    ),
    (
        "two counts of one thing meet, plural or not",
        "Smith scored 10 points in the first half.",
        "10",
        "Jones finished with 12 points and a point short of his record.",
        "12",
        True,
    ),
]


@pytest.mark.parametrize(
    ("what", "text_a", "fig_a", "text_b", "fig_b", "meet"), COMPOUNDS, ids=[r[0] for r in COMPOUNDS]
)
def test_what_a_compound_figure_counts(what, text_a, fig_a, text_b, fig_b, meet):
    finder = NumberFinder(ENGLISH)

    def nouns(text: str, figure: str) -> frozenset[str]:
        m = next(x for x in finder.find(text, []) if x.text == figure)
        return role_of(Sentence("a", 0, 0, len(text), text, [m]), m, "en").nouns

    assert bool(nouns(text_a, fig_a) & nouns(text_b, fig_b)) is meet
