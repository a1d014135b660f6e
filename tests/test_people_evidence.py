"""People are persons (issue 18, point 3): organisation evidence beats a speech verb or a bare
modifier, and person evidence keeps a person. Every sentence here is written for the test."""
from __future__ import annotations

import pytest

from ingest.extract.people import extract_people


def _names(text: str) -> list[str]:
    return [p.name for p in extract_people(text)]


@pytest.mark.parametrize("text, thing", [
    # a country or a US state opens a firm's name, not a person's, and a firm's suffix ends it
    ("Texas Orvamatic Incorp said its profit rose 12 pct. The company said it expected more growth.",
     "Texas Orvamatic"),
    # a firm's suffix and the rest of its name beat the role before it
    ("The notes were priced at par, said lead manager Kestrel, Dorr and Co Inc. Kestrel said demand "
     "was strong.", "Kestrel"),
    # what follows "Jane Doe of" is her employer
    ("\"The dollar's fall has been sudden,\" said Brian Tolley of Morvan Fargate in Chicago. Morvan "
     "Fargate said it expected more.", "Morvan Fargate"),
    # a town before a state's abbreviation
    ("Halvex Inc said it bought Pelman Rental Corp of Coral Mesa, Fla., for 12 mln dlrs. Coral Mesa "
     "said it had no comment.", "Coral Mesa"),
    # a body's alias in brackets
    ("The loans went through the Federal Home Loan Mortgage Corporation (Orvie Mac), industry sources "
     "said. Orvie Mac said it would buy more.", "Orvie Mac"),
    # a capital inside a word that no name prefix explains: a product
    ("Dorvan Systems said it has introduced TrendPlus Wats, a service for callers. TrendPlus said it "
     "would cost less.", "TrendPlus Wats"),
    # an adjective of a people
    ("The newspaper said many Saudi women found his explanation poor. \"It is a pitiful excuse,\" "
     "Saudi said.", "Saudi"),
    ("Chief Soviet arms negotiator Yuli Vorontsov said talks went well. Vorontsov said he was hopeful.",
     "Soviet"),
    # "trade house X": a firm
    ("Trade house Kellane said it sold two cargoes of white sugar. Kellane said the sugar was shipped.",
     "Kellane"),
    # a role of modifiers alone ("National") says nothing of a person
    ("Prices were firm, the Commission's National Wage Case decision said. The case was heard in May.",
     "Wage Case"),
    # "said X would": X is the subject of what was said; no "he" or "she" makes it a person
    ("He said Orvella would contest most seats in May. Voters said Orvella was popular in the north.",
     "Orvella"),
    # the last word of a firm's name that no surname is
    ("NEW YORK, March 5 - Warren Works said it has acquired a maker of door hardware. Warren Works "
     "said the price was not disclosed.", "Warren Works"),
    ("NEW YORK - Dean Foods expects earnings to rise, said Howard Dean.", "Dean Foods"),
    # a name twice joined by "and", names joined by slashes
    ("Harris and Harris said the drug agency had approved the additive. Harris and Harris said sales "
     "would rise.", "Harris"),
    ("The company said the other units are Dorne/Haskel/Bates and Sawdon. Dorne said billings rose.",
     "Dorne"),
    # a state's abbreviation in a dateline
    ("BLUEFIELD, W. Va., March 16 - Bluefield Supply Co said its board declared a dividend.", "Va"),
    # "X, a subsidiary of": a firm
    ("Brooks, a subsidiary of the French firm Societe Lyonnaise des Eaux et de L'Orvanne, said it plans "
     "a plant.", "Brooks"),
    # one word ending as firms' names do
    ("And last night Orvibank said the package would be signed on March 20. Orvibank said talks went "
     "well.", "Orvibank"),
    # a bare initial and a body's word: a magazine, not "Magazine"
    ("He told Q Magazine the album was done. Q Magazine said so.", "Magazine"),
    ("Police in W Yorkshire said the roads were closed.", "Yorkshire"),
    # a ticker after a name; a country inside a hyphenated word; a capital as a first word
    ("Marine Orvland Banks <MOB> has an agreement to acquire First Pennsylvania. Marine Orvland Banks "
     "said so.", "Marine Orvland Banks"),
    ("OTTAWA - The minister said the government was considering selling Orvo-Canada. Orvo-Canada said "
     "it would wait.", "Orvo-Canada"),
    ("The loan will pay 1/8 point over London Interbank Offered Rates throughout its life, the bank "
     "said.", "London Interbank"),
    # a band's word; a letter after "&" ("AT&T. Consolidation ...")
    ("Roxy Orvell Music will appear at the festival. Roxy Orvell Music said they were pleased.", "Music"),
    ("MCI is the second-biggest firm after AT&T. Consolidation in the industry has picked up, "
     "analysts said.", "Consolidation"),
    # a role a firm holds as often as a person ("partner") is no person's sign against ", which"
    ("Shares in Orvane and Kestin Dravo plunged, as US partner Kestin Dravo shed 43%. Analysts "
     "had expected growth for Kestin Dravo, which faced rivals.", "Kestin Dravo"),
    # a possessive and an institution named for someone, a year's possessive, a work's apposition
    ("Born in 1942, he attended Martin Boys' School in nearby Pengam.", "Martin Boys"),
    ("Their first hit was 1972's Melody Garner, with other hits after it.", "Melody Garner"),
    ("He then played a cop in his next major film, Donnie Travers, where he went undercover.",
     "Donnie Travers"),
    # a lone word that is never a name alone: a kin after a title, a county, a word after "his"
    # and before a noun
    ("Mr Vos unveiled plans for a memorial to the Queen Mother, funded through a coin.", "Mother"),
    ("Mr Orvell, MP for Henley, Orvingshire, said he suspected the plan was a trick.", "Orvingshire"),
    ("That happened when Lucy wrote to his Parliamentary office saying she believed he was her "
     "father.", "Parliamentary"),
    ("In October the ministers agreed to give Orvanians a voice. Most Orvanians said no.", "Orvanians"),
    # a group's plural ends no person's name, and is none alone
    ("Boy band Orvfly were sixth while Velvet Sisters, who had the best-selling album, were seventh.",
     "Velvet Sisters"),
    ("An attack by three divisions of Iranian Revolutionary Guards was repelled near the border.",
     "Revolutionary Guards"),
    ("Members of the Transport and General Workers' Union, led by General Secretary Tony Orvley, "
     "walked out.", "Workers"),
    # a provider is a firm
    ("Orvia Capella, spokeswoman for net provider Orvex, said that when attacks were at their height, "
     "customers were hit. \"Basically, you had attacks,\" said Ms Capella.", "Orvex"),
    # a firm's trade in the plural before one name
    ("Stockbrokers James Orvel said in a comment the move was of some significance.", "James Orvel"),
    ("The bank also went after auditors Grant Orvington. They denied any wrongdoing.", "Grant Orvington"),
    # a venue's word ends no person's name
    ("The sale, hosted by auctioneers Orvell Owen, was held at the Hard Rock Cafe in London.", "Rock Cafe"),
    # a body's noun before ("producers' cartel Orpec said"), a body's apposition ("the parent
    # company, Orversal, made"), a possessive and a union or an association
    ("Oil prices retreated from highs on Tuesday after producers' cartel Orpec said output was now "
     "unlikely to be cut. Orpec has 11 members.", "Orpec"),
    ("He was named by the British Athletics Writers' Association as its athlete of the year.",
     "Athletics Writers"),
    ("Def Orv's parent company, Orvania, made the appointment. Orvania said Jay Orv would start in "
     "January.", "Orvania"),
])
def test_organisations_and_things_are_not_people(text: str, thing: str) -> None:
    names = _names(text)
    assert not any(thing in n or n in thing for n in names), names


@pytest.mark.parametrize("text, person", [
    ("\"The dollar's fall has been sudden,\" said Brian Tolley of Morvan Fargate in Chicago.",
     "Brian Tolley"),
    ("The agency downgraded the debt, said analyst Jane Roe, who follows the sector.", "Jane Roe"),
    ("Chief Soviet arms negotiator Yuli Vorontsov said talks went well. Vorontsov said he was hopeful.",
     "Yuli Vorontsov"),
    # an office and "of" before a run whose own role words only modify
    ("Minister of Industry and Trade Cahit Orval said exports would rise. Orval said he expected growth.",
     "Cahit Orval"),
    ("Secretary of State Condra Vallis met the envoy on Monday.", "Condra Vallis"),
    # "said X may" with "her" after: a person
    ("Coach Aston Moore said Hansel may be able to return this year, though her knee is weak.", "Hansel"),
    # a person before a firm in a list keeps her name ("X and Y Capital Inc said")
    ("Taft Broadcasting Co vice chairman Dudley Tarrant and Orvell Capital Inc said they would bid.",
     "Dudley Tarrant"),
    # a title of two words before "of" names a work, not an employer
    ("The film The Journey of Romeo Vallard won the prize, and Vallard thanked the jury.", "Romeo Vallard"),
    # a bare initial is part of the name ("G Orvo", not "Orvo")
    ("But G Orvo acknowledges that the next move can be tough. G Orvo said so.", "G Orvo"),
    ("Airgas Inc said chairman C Perkins resigned. Perkins will stay as a consultant.", "C Perkins"),
    ("The coach told R Orvelle that the side was strong, and R Orvelle agreed.", "R Orvelle"),
    # the name written out is the name, not a results list's initial
    ("Results: 1. K Holmes (GB) 4:06. Kelly Holmes said she was delighted with the win.", "Kelly Holmes"),
    ("Real Madrid's Santiago Orvari said he was happy to stay.", "Santiago Orvari"),
    # a firm's ending inside a person's name with a first name
    ("Thomas E. Swithenbank said he would retire as chairman.", "Thomas E. Swithenbank"),
    # a work's noun after "of" is what the name's role is of: "the author of the book, X,"
    ("The author of the book, Mitchell Orvoff, said he stands by it.", "Mitchell Orvoff"),
    # "the program, X, administrator for …": the apposition after the name is a role
    ("Producers put 11 mln acres into the program, Milton Herst, administrator for the service said.",
     "Milton Herst"),
    # a country's possessive after a name begins what was said ("told … George Shultz China's
    # troubles were over"); a surname that is a country stays ("Mike England's header")
    ("Deng Orvai told visiting Secretary of State Piet Vossner China's troubles were over.", "Piet Vossner"),
    ("Defender Mike England's header won the match.", "Mike England"),
    # "the head of the … company, X, said": the name is the head's
    ("The head of the Orvanian state-owned Naftex company, Yury Borko, said he was happy.", "Yury Borko"),
    # a currency's word is a surname after a first name and a role ("Labour MP Stephen Pound")
    ("Labour MP Stephen Pound has told of his shock. Mr Pound said he was glad.", "Stephen Pound"),
    # a role's plural is often a verb ("also stars Tom Hanks"), and a list after a trade's
    # plural is people
    ("The film is directed by Ron Orvard and also stars Tom Hanley.", "Tom Hanley"),
    ("Its brokers Mary Orvith and Ann Lee filed the papers.", "Mary Orvith"),
    # a partner with a person's sign stays a person
    ("The shop is run with business partner Pete Orvington, who opened it in May.", "Pete Orvington"),
])
def test_people_with_person_evidence_stay(text: str, person: str) -> None:
    assert person in _names(text)


@pytest.mark.parametrize("text, thing", [
    # a name with no known first name that says "it" as firms do, and no "he" or "she" after it
    ("ST LOUIS, March 6 - Dravell Orstrom said it will open a regional office in New York.",
     "Dravell Orstrom"),
    ("PARIS - European consortium Halvane Industrie said it had no comment on the reports.",
     "Halvane Industrie"),
    # "Jane Doe, of X" / "Jane Doe, from X": X is her employer
    ("\"Money seems to be chasing yields,\" William Byers, of Brent Calloway, said of the rate.",
     "Brent Calloway"),
    ("\"It has hurt credibility,\" Simon Wheatley, from Orvan Sachter, told Reuters.", "Orvan Sachter"),
    # a clause between the speech verb and a lone word: what was said, not who said it
    ("Ottawa announced previously it was seeking Parliamentary approval for the authority.",
     "Parliamentary"),
    # "according to" after a word without a comma brings in a method, not a speaker
    ("The figures were revised. Recalculated according to the new method, output fell 2 pct.",
     "Recalculated"),
    # a plural firm's noun at a sentence's start
    ("Shares rose eight schillings. Brokers said improved results had been expected.", "Brokers"),
    # the founders' names before "Capital Markets" name the firm elsewhere in the text
    ("Orvill Lynde Capital Markets said it won a mandate. Orvill Lynde said the notes would sell "
     "well.", "Orvill Lynde"),
    # a list of names and a firm's suffix after a name
    ("The company said Orvill Lynde, Pierce, Fenner and Smith Inc will lead the syndicate.", "Orvill Lynde"),
    # the first two words of a firm's name of three or more name the firm elsewhere
    ("Regulators said Dean Witten Raskin Inc agreed to a censure. Dean Witten said the fine was "
     "fair.", "Dean Witten"),
    # a ship's noun or an office's before a name; "its" before a name
    ("The Turkish ore/bulk/oil vessel Obo Varin, 78,078 tonnes dwt, had an explosion in its boiler.",
     "Obo Varin"),
    ("Growth slowed, the EC statistics office Orvostat said.", "Orvostat"),
    ("Orvale Gold Corp said it will develop its Golden Patrice gold property in Ontario.", "Golden Patrice"),
    # a firm's last word; a foreign "and Co"
    ("The chairman of U.S. Wheat Associates said in a letter that the plan was flawed.", "Wheat Associates"),
    ("Bearer shares in F. Hoffvan-La Rocha und Co AG were quoted at 209,000 francs.", "Hoffvan"),
    # "a" before a lone word: a thing's modifier
    ("The economy faces problems, according to a Congressional report released today.", "Congressional"),
    # after "said", a lone word followed by a verb is the subject of what was said
    ("Commonwealth said Westvale originated 60 mln dlrs of mortgage loans during 1986.", "Westvale"),
])
def test_firms_that_only_speak_are_not_people(text: str, thing: str) -> None:
    names = _names(text)
    assert not any(thing in n or n in thing for n in names), names


@pytest.mark.parametrize("text, person", [
    # a firm's ending in a surname, with "he" after it
    ("Burbank said the plan would fail. He added that the council had not been told.", "Burbank"),
    # "it" that refers to nothing, before a form of "be"
    ("Tambor Okonjo said it was time to talk to the unions.", "Tambor Okonjo"),
    # a role in the phrase before the name, a role word right before it
    ("The head of that tribunal, Kostas Panagiotou, said it had not been proven.", "Kostas Panagiotou"),
    ("\"It is obscene,\" MP Kefa Sembuya told parliament, and it was not the first time.", "Kefa Sembuya"),
    # "he" after the name beats "said it"
    ("Dharyo Kertosas said it would cut costs. He expects exports to rise.", "Dharyo Kertosas"),
    # a clause between the speech verb and a lone word, and "he" after it: a person
    ("He said he had nominated Bezzard after he became agitated on Friday night.", "Bezzard"),
    # a person named with her firm and her role
    ("\"This will change the way oil is traded,\" said Thomas Kiernan, Kiernan and Co chairman.",
     "Thomas Kiernan"),
    # an apposition whose head is a role, for a first name the lexicon may lack
    ("Nahum Vaskovin, managing director of the broker's London office, was charged.", "Nahum Vaskovin"),
    ("Palaniappan Chidamaran, India's finance minister, argued that reform was needed.",
     "Palaniappan Chidamaran"),
    # ... and not a list or a clause after a name
    ("It makes Orvo Bars, Dairy Crisp and Snappo. Orvo Bars, Dairy Crisp and Snappo chairman Jane Doe "
     "said so.", "Jane Doe"),
])
def test_speakers_with_a_persons_sign_stay(text: str, person: str) -> None:
    assert person in _names(text)


def test_a_list_after_a_name_is_no_role_apposition() -> None:
    names = _names("The shops sell Orvo Bars, Dairy Crisp and Snappo chairman biscuits, the firm said.")
    assert not any("Orvo" in n for n in names), names


# A word that ends a place's name and is a common surname too ("Hill", "Hall", "Law") after a
# given name is a person's surname when a role comes before or a speech verb after it.
@pytest.mark.parametrize("text, person", [
    ("Transport Minister Alan Hill said the line would reopen in March.", "Alan Hill"),
    ("\"The figures are worse than we feared,\" said Jenny Law, chief executive of the charity.", "Jenny Law"),
    ("The committee's spokesman Neil Hall told reporters the vote was postponed.", "Neil Hall"),
    # an apposition between the name and the verb
    ("\"The tapes are lost,\" Alexa Tower, a spokeswoman for the bank, told a magazine.", "Alexa Tower"),
    ("Former champion Ruth Court said the draw was unfair.", "Ruth Court"),
])
def test_a_surname_that_also_ends_place_names(text, person):
    assert person in _names(text)


@pytest.mark.parametrize("text", [
    "Thousands gathered in Victoria Park on Sunday to hear the speeches.",
    "The orchestra played at Jordan Hall on Friday night.",
    "Pastor Ruth Mbeki of the Fullness of Joy Church said she would lead the march.",
    "The fans met outside Alexandra Tower on Monday before the match.",
    "The judges sat at Hampton Court on Friday.",
])
def test_a_place_named_after_a_given_name_is_no_person(text):
    assert not any(n.endswith(("Park", "Hall", "Church", "Tower", "Court")) for n in _names(text))


def test_a_producer_or_a_screenwriter_before_a_name_is_a_role():
    text = ("Screenwriter and producer Marta Hill has died aged 61. Hill wrote three films "
            "with the director.")
    assert "Marta Hill" in _names(text)
