"""Speaker attribution by the cue around a quote: colons, speech acts outside the cue list,
descriptions around a name, open quotes, dashes and runs of quote paragraphs.

Each test is built from sentences written for it, in the shape of the corpus sentence
that showed the error (named in the test's docstring)."""
from __future__ import annotations

import pytest

from ingest.extract.people import extract_people
from ingest.extract.quotes import extract_quotes


def _by_start(text: str) -> dict[str, object]:
    """Each quote by its first words."""
    return {q.text[:12]: q for q in extract_quotes(text, extract_people(text))}


def _last(text: str):
    return extract_quotes(text, extract_people(text))[-1]


def _quote(text: str, start: str):
    return next(q for q in extract_quotes(text, extract_people(text)) if q.text.startswith(start))


def test_a_sentence_inside_an_open_quote_announces_nothing():
    """BBC politics/267: a name inside a quote left open ('… (as Roe is pledged to do). "…')
    is no announcement of the quote after it; the quote stays the speaker's."""
    text = ('Later Oskar Lind spoke to the crowd. He said he was glad. "The council is divided '
            'about the port. But nobody can fix it (as Mara Roe is pledged to do). "It is like '
            'mending a net with a knife in your hand".')
    q = _quote(text, "It is like mending")
    assert q.speaker != "Mara Roe"


def test_the_name_a_colon_closes_on_speaks():
    """PolNeAR: 'Pollsters agree - Carl Bialik: "…"', 'More from Jones: "…"', 'The surge does
    not surprise pollster Daron Shaw: "…"'."""
    assert _quote('Harbour figures agree - Ivo Kral: "The port will reopen in May."',
                  "The port").speaker == "Ivo Kral"
    assert _quote('Tides are late this year. More from Ivo Kral: "The port will reopen in May."',
                  "The port").speaker == "Ivo Kral"
    assert _quote('The delay does not surprise harbour master Ivo Kral: "The port will reopen in May."',
                  "The port").speaker == "Ivo Kral"


def test_a_colon_after_the_object_of_a_preposition_names_no_speaker():
    q = _quote('The crowd had a message for Ivo Kral: "Reopen the port now."', "Reopen")
    assert q.speaker != "Ivo Kral"


def test_a_speech_act_that_is_no_cue_gives_the_subject():
    """PolNeAR: 'Bush offered a retort on the mogul's preferred mode of communication,
    tweeting at him, "…"'; 'Trump issued a statement, "…"'; 'The editor …, Tim Grieve,
    interrupted me to announce, "…"'."""
    assert _quote('Ivo Kral answered the mayor on social media, tweeting at him, "You are a loser."',
                  "You are").speaker == "Ivo Kral"
    assert _quote('Shortly after the storm, Ivo Kral issued a statement, "The port will reopen."',
                  "The port").speaker == "Ivo Kral"
    assert _quote('The harbour master, Ivo Kral, interrupted me to announce, "The port is closed."',
                  "The port").speaker == "Ivo Kral"


def test_a_participle_after_and_speaks_for_the_subject():
    """PolNeAR: 'After Clinton suffered a concussion, Axelrod emailed her condolences,
    addressing her as "Hillary" and telling her, "…"'."""
    text = ('After Mara Roe fell ill, Ivo Kral sent her flowers from the harbour office on '
            'Monday, addressing her as "Captain" '
            'and telling her, "you are the best sailor we have!"')
    assert _quote(text, "you are the best").speaker == "Ivo Kral"


def test_a_long_description_ending_in_the_name_before_the_cue():
    """PolNeAR: '"…!" the presumptive GOP presidential nominee, Donald Trump, tweeted Sunday
    after a lone-wolf attack'."""
    text = ('Ivo Kral spoke first. "Will the mayor finally reopen it? If not he should resign!" '
            "the city's longest serving harbour master, Ivo Kral, wrote Sunday after "
            'the vote.')
    assert _quote(text, "Will the mayor").speaker == "Ivo Kral"


def test_a_cue_then_a_day_then_a_clause_ends_the_attribution():
    """'"…." Doe said Sunday after the vote.' is the quote's attribution, not a new sentence."""
    text = 'The vote was close. "We lost the port." The harbour master Ivo Kral said Sunday after the vote.'
    assert _quote(text, "We lost").speaker == "Ivo Kral"


def test_a_role_with_of_and_a_description_closed_by_a_comma_after_the_cue():
    """PolNeAR: 'said master of ceremonies Asab Al-Tabchi', 'said former secretary of state
    Hillary Clinton, who …', 'said another Twitter user, Johanna Bayer'; BBC: 'said EEF chief
    economist, Steve Radley'."""
    assert _quote('"Thanks for coming," said master of ceremonies Ivo Kral, a local engineer.',
                  "Thanks").speaker == "Ivo Kral"
    assert _quote('"We are anxious," said another harbour user, Ivo Kral.',
                  "We are").speaker == "Ivo Kral"


def test_of_before_a_determiner_is_no_role():
    """BBC politics/020: 'said the chairman of the Commons education select committee, …'
    gives no speaker called Commons."""
    q = _quote('"It will be a tragedy," said the chairman of the Harbour Board, a local man.',
               "It will be")
    assert q.speaker != "Harbour Board"


def test_the_object_of_calling_or_describing_is_not_the_speaker():
    """BBC: 'issued a statement calling Davis "an icon"', 'described Spears as "one of the
    most recognised performers"', 'The Tories have accused Tony Blair of being "terrified"'."""
    q = _quote('The union issued a statement calling Ivo Kral "an icon of the harbour".', "an icon")
    assert q.speaker != "Ivo Kral"
    q = _quote('Mara Roe accused Ivo Kral of being "terrified" of the vote.', "terrified")
    assert q.speaker == "Mara Roe"


def test_a_cue_after_the_quote_names_the_speaker_when_the_cue_before_names_its_object():
    """PolNeAR: 'Her friends have mocked Trump's campaign, calling Trump "an orange buffoon,"
    Susan said as she turned around.' then the next paragraph continues Susan."""
    text = ('Mara Roe, a delegate from Ohio, wore a red cape.\n\n'
            'Her friends have mocked the campaign, calling Ivo Kral "a stubborn old captain," '
            'Roe said as she turned around.\n\n'
            '"But he is our stubborn old captain, and we love him!"')
    assert _quote(text, "a stubborn").speaker == "Mara Roe"
    assert _quote(text, "But he is").speaker == "Mara Roe"


def test_a_colon_after_the_cue_that_opens_no_quote():
    """PolNeAR: '"This is the lie …," Rubio said: That Cruz is more conservative …'."""
    text = 'The debate grew hot. "This is the lie of the campaign," Ivo Kral said: that the port was safe.'
    assert _quote(text, "This is the lie").speaker == "Ivo Kral"


def test_said_before_adding_speaks_both_quotes():
    """PolNeAR: '"If she gets to pick her judges …," Trump said before adding: "…"'."""
    text = ('The crowd cheered. "If they close the port, nothing you can do," Ivo Kral said '
            'before adding: "Though the sailors, maybe there is."')
    quotes = _by_start(text)
    assert quotes["If they clos"].speaker == "Ivo Kral"
    assert quotes["Though the s"].speaker == "Ivo Kral"


def test_a_participle_opening_its_sentence_continues_the_latest_speaker():
    """PolNeAR: 'Maher stated of the scandal that the report "wasn't good." Adding, "…"'."""
    text = ('Later in the show, Ivo Kral stated of the scandal that the report "was not good." '
            'Adding, "It is always how they handle it."')
    assert _quote(text, "It is always").speaker == "Ivo Kral"


def test_a_new_sentence_that_introduces_the_next_quote_is_not_the_last_ones_cue():
    """BBC tech/344: 'Mr Cridland said: "…. "This allows us …" Saumil Nanavati, president
    of Sydus, said, "…"': the second quote continues Cridland."""
    text = ('Mr Kral said: "The port will reopen. "This gives us a new harbour for a new '
            'generation." Mara Roe, head of the board, said, "The port is ours."')
    assert _quote(text, "This gives us").speaker == "Kral"


def test_a_role_with_of_before_the_colon():
    """PolNeAR: 'Former secretary of state Hillary Rodham Clinton:"We learned that …"'."""
    text = ('Mara Roe:"Who told you that?"\n\n'
            'Former secretary of state Ivo Kral:"We learned that from the harbour office."')
    assert _quote(text, "We learned").speaker == "Ivo Kral"


def test_plain_words_of_a_description_before_the_name_after_the_quote():
    """PolNeAR: '"…," nuclear experts David Albright and Serena Kelleher-Vergantini of …
    wrote in September.'; BBC: '"…," shop owner Hayriye Evren, told Associated Press.'"""
    text = 'The port is old. "It will flood by May," harbour experts Ivo Kral and Mara Roe of the Harbour Institute wrote in June.'
    assert _quote(text, "It will flood").speaker in ("Ivo Kral", "Mara Roe")


def test_a_clause_before_the_name_is_no_description():
    """BBC politics/081: 'a "tough meeting" where some senior Tories argued …, party sources
    told the BBC' gives no speaker from the clause."""
    text = 'Tory Vote Plan. The decision follows a "tough meeting" where some senior Harbour Tories argued against it, sources said.'
    assert _quote(text, "tough meeting").speaker != "Harbour Tories"


def test_a_long_description_closed_by_a_comma_before_the_name():
    """PolNeAR: '"…," California Rep. Duncan Hunter's chief of staff, Joe Kasper, told POLITICO'."""
    text = ('The mood changed. "Positions are going to soften," Senator Mara Roe’s '
            'harbour chief of staff, Ivo Kral, told reporters.')
    assert _quote(text, "Positions").speaker == "Ivo Kral"


def test_a_quote_paragraph_after_a_narrative_paragraph_about_a_speaker():
    """PolNeAR: '"…," Viguerie notes.' / 'Viguerie is upbeat about Cruz's chances, in part
    because he sees Cruz as a uniter.' / '"Not only can Ted Cruz win …"'."""
    text = ('"The harbour has the same problems as ever," Ivo Kral notes.\n\n'
            'Kral is upbeat about the port’s chances, in part because he sees Mara Roe as a uniter.\n\n'
            '"Not only can the port reopen, it can grow."')
    assert _quote(text, "Not only").speaker == "Ivo Kral"


def test_a_narrative_paragraph_about_someone_never_quoted_gives_no_speaker():
    text = ('"The harbour has the same problems as ever," Ivo Kral notes.\n\n'
            'Mara Roe is upbeat about the port’s chances this year.\n\n'
            '"Not only can the port reopen, it can grow."')
    assert _quote(text, "Not only").speaker != "Mara Roe"


def test_a_name_then_a_past_tense_verb_then_a_comma_before_the_quote():
    """PolNeAR: 'during their first debate, Hillary Clinton cracked, "I'm a progressive …"';
    BBC entertainment/239: '"…," 19-year-old Simpson revealed, "I hope the fans …"'."""
    text = 'During the first debate, Ivo Kral cracked, "I am a sailor who likes to get things done."'
    assert _quote(text, "I am a sailor").speaker == "Ivo Kral"
    text = 'At the meeting the board was joined by Ivo Kral. Mara Roe smiled. The chair turned to Ivo Kral bored, "Next."'
    assert _quote(text, "Next").speaker != "Ivo Kral"


def test_a_quote_between_dashes_with_no_cue():
    """PolNeAR: 'When Trump finally wrapped up — "I will fight for you …" — the balloons
    cascaded down'; 'including the former candidate Mitt Romney -- ''…'' -- and Fred Goldberg'."""
    text = 'When Ivo Kral finally wrapped up — “I will fight for this port!” — the balloons came down.'
    assert _quote(text, "I will fight").speaker == "Ivo Kral"
    text = ("Many have said the same, including the former captain Ivo Kral -- ''It is wrong to "
            "hide the port's accounts from the town'' -- and Mara Roe, a former auditor.")
    assert _quote(text, "It is wrong").speaker == "Ivo Kral"


def test_a_cue_after_and_shares_the_sentences_subject():
    """PolNeAR: 'Chancellor Angela Merkel of Germany condemned "such a murderous attack" and
    declared …'; BBC: 'Iain Duncan Smith … condemned the debate as a "charade" and complained …'."""
    text = 'Chancellor Ivo Kral of Latvia condemned "such a reckless plan" and declared the port open.'
    assert _quote(text, "such a reckless").speaker == "Ivo Kral"


def test_support_oppose_and_introduce_are_verbs_of_stance():
    """PolNeAR: 'Clinton supports "appropriate pay raises," opposes "across-the-board …
    freezes"', 'Mrs. Clinton introduced him as "a fighter for families"'; BBC business/213:
    'Mr Brown introduced Dr Greenspan … as the "the world's greatest economist"'."""
    assert _quote('Ivo Kral supports "fair harbour fees" for all ships.', "fair harbour").speaker == "Ivo Kral"
    assert _quote('Ivo Kral opposes "any new harbour tax" this year.', "any new").speaker == "Ivo Kral"
    assert _quote('Ivo Kral introduced Mara Roe as "a fighter for sailors" on Monday.',
                  "a fighter").speaker == "Ivo Kral"


def test_support_as_a_noun_is_no_verb_of_stance():
    """BBC politics/319: 'the group, including Labour's Robin Cook, is confident its plan
    would win support from a "large majority"'."""
    text = ('But the harbour group, including Tories Mara Roe and Sir Tom Bell, Labour’s Ivo Kral '
            'and Liberal Democrat Ann Lee, is confident its plan would win support from a "large majority '
            'of the sailors in the port".')
    assert _quote(text, "large majority").speaker is None


def test_two_names_before_the_colon():
    """PolNeAR: 'Signs of momentum were there all along -More from Blumenthal and Cohen: "…"'."""
    text = 'Tides were late all year -More from Ivo Kral and Mara Roe: "The data confirm both issues."'
    assert _quote(text, "The data").speaker in ("Ivo Kral", "Mara Roe")


def test_went_on_to_say_after_a_misspelt_surname():
    """PolNeAR: 'Byrne expressed concern …' then 'Bryne went on to say, "…"'."""
    text = ('Gary Byrne expressed concern about the port.\n\n'
            'Bryne went on to say, "From the bottom of my soul, I know this to be true."')
    assert _quote(text, "From the bottom").speaker == "Gary Byrne"


def test_a_possessive_name_before_a_quote_and_a_speech_noun_after():
    """PolNeAR: 'the persistent pull of Obama's "if you like your plan, you can keep it"
    promise'."""
    text = 'It is the pull of Ivo Kral’s "if you like your berth, you can keep it" promise that matters.'
    assert _quote(text, "if you like").speaker == "Ivo Kral"
    text = 'It is the pull of Ivo Kral’s "harbour of the year" award that matters.'
    assert _quote(text, "harbour of").speaker != "Ivo Kral"


def test_so_called_is_no_speech_cue():
    """BBC politics/008: 'Barbara Follet, one of the so-called "Blair Babes" elected in 1997,
    told researchers: "…"': the fragment is a label, not Follet's words."""
    text = ('Mara Roe, one of the so-called "harbour babes of the class of 1997" elected that year, '
            'told researchers: "I remember it well."')
    assert _quote(text, "harbour babes").speaker is None
    assert _quote(text, "I remember").speaker == "Mara Roe"


def test_a_second_fragment_whose_own_cue_names_nobody_keeps_the_first_ones_speaker():
    """PolNeAR: 'Clinton supports "appropriate pay raises," opposes "across-the-board pay
    freezes" and recalled …'; BBC: '"…," he said, adding that "it's an issue we have in common"'."""
    text = ('Ivo Kral supports "fair harbour fees," opposes "any new berth tax" and recalled '
            'the long strike of 1998.')
    assert _quote(text, "any new berth").speaker == "Ivo Kral"


def test_a_description_right_before_the_cue_is_the_one_with_that_role_else_nobody():
    """BBC politics/099: 'On Wednesday Mr Blair directly denied Mr Brown made that quote, and
    before he left for Africa on Tuesday the chancellor told reporters: "…"' was credited to
    the sentence's subject."""
    text = ('Harbour Minister Ivo Kral met the unions. Mayor Lena Voss said the talks went well. '
            'On Friday Ms Voss denied the report, and before he flew home the minister told '
            'reporters: "Of course I trust the mayor."')
    q = _quote(text, "Of course")
    assert q.speaker == "Ivo Kral"
    # the one described is nowhere given that role: unknown, not the nearer name
    text = ('Ivo Kral met the unions. On Friday Ms Voss denied the report, and before he flew '
            'home the minister told reporters: "Of course I trust the mayor."')
    assert _quote(text, "Of course").speaker is None


def test_a_description_set_off_by_commas_is_the_name_before_it():
    """PolNeAR: 'Nelson Diaz, a former aide to Mr. Rubio and now the chairman of the Republican
    Party in Miami-Dade County, said of Mr. Rubio: "…"'."""
    text = ('Chairman Piet Brandt opened the meeting. Lena Voss, a former aide to Mr. Kral and '
            'now the chairman of the harbour board in Ostend, said of Mr. Kral: "He is a builder."')
    assert _quote(text, "He is a builder").speaker == "Lena Voss"


def test_a_capitalised_subject_the_people_list_lacks_speaks():
    """PolNeAR: 'James A. Lewis, a former … expert who now studies …, said, ''…''' and 'Here in
    Columbia, Sanders stepped up his emphasis …, saying, "…"': the sentence's capitalised
    subject speaks even where the people list has no one there; an introductory phrase
    followed by a pronoun ('On Twitter, she said') or a name inside a quote is no subject."""
    text = ('The port was closed for a week.\n\nIvo A. Kral, a former harbour pilot who now studies '
            'tides at the Institute of Marine Studies, said, "The port will reopen in May."')
    assert _quote(text, "The port will").speaker == "Ivo A. Kral"
    text = ('Tides were late this year.\n\nHere in Vellmore, Kral stepped up his criticism of the '
            'harbour board, saying, "The port will reopen in May."')
    assert _quote(text, "The port will").speaker == "Kral"
    text = ('Tides were late this year.\n\nOn Twitter, she replied to one of the board\'s messages '
            'by saying, "The port will reopen in May."')
    assert _quote(text, "The port will").speaker != "Twitter"
    text = ('Tides were late this year.\n\nLikewise, a paper from the harbour board had this to say: '
            '"The port will reopen in May."')
    assert _quote(text, "The port will").speaker != "Likewise"


def test_a_capitalised_name_with_an_apposition_before_the_cue_speaks():
    """PolNeAR: '"…," Adam Green, co-founder of the Progressive Change Campaign Committee, said
    in a statement.' (a name the people list lacks, set off by commas from the cue)."""
    text = ('Tides were late this year.\n\n"The port will reopen in May," Ivo A. Kral, co-founder '
            'of the Harbour Pilots Committee, said in a statement.')
    assert _quote(text, "The port will").speaker == "Ivo A. Kral"


def test_a_participle_does_not_make_the_object_before_it_speak():
    """PolNeAR: 'At Sunday night's debate, Sanders compared himself to Clinton, saying, "…"':
    the one compared to is no speaker; the clause's subject is."""
    text = ('Mara Roe runs the harbour board.\n\nAt the debate on Sunday, Kral compared himself '
            'to Roe, saying, "I do not take money from the shipping lines."')
    q = _quote(text, "I do not take")
    assert q.speaker != "Mara Roe"
    assert q.speaker == "Kral"
    # BBC politics/353: 'with Maria Hutchings marching up to him, saying "…"' is hers
    text = ('The trouble began on the morning show, with Mara Roe marching up to the minister, '
            'saying "Oskar, that is rubbish" as she pointed at him.')
    assert _quote(text, "Oskar, that").speaker == "Mara Roe"


def test_a_passive_subject_is_not_the_speaker():
    """BBC entertainment/366: 'Buhecha, who made £26,000 a month, was called "one of the
    biggest …"': the one called something did not say it."""
    text = ('A trader was sent to prison.\n\nKral, who made a fortune from the trade, was called '
            '"one of the biggest smugglers in the port" by the judge.')
    assert _quote(text, "one of the biggest").speaker != "Kral"


def test_a_headline_colon_speaks_for_a_fragment_whose_cue_names_no_one():
    """PolNeAR: 'Sidney Blumenthal: ‘No Idea’ If I Would Have Told Hillary …': the capitalised
    'Told' after the fragment names no one, so the name the colon closes on speaks."""
    text = ('Ivo Kral: ‘No Idea’ If I Would Have Told Mara About The Port.\n\n'
            'The harbour pilot Ivo Kral said he had no idea.')
    assert _quote(text, "No Idea").speaker == "Ivo Kral"


def test_a_digest_item_names_its_source_between_a_dash_and_the_colon():
    """PolNeAR (HuffPollster digests): 'Media shares blame in Iowa poll overhype - HuffPollster:
    “…”', '… are particularly problematic - Pew Research: “…”'."""
    text = ('Tides were late this year.\n\nHarbour figures were wrong in May - Tidewatch Research: '
            '“All the gauges evaluated read higher than the port’s own benchmark.”')
    assert _quote(text, "All the gauges").speaker == "Tidewatch Research"


def test_after_the_cue_the_name_follows_its_employer():
    """PolNeAR: '“…,” mused Blaze co-host Stu\\xa0Burguiere.'; BBC business/391: '"…," said
    Credit Suisse First Boston analyst Vadim Mitroshin The dispute …' (a full stop lost):
    the person is the head, not the employer, and 'The' opens the next sentence."""
    text = 'Tides were late.\n\n“Imagine the port without pilots,” mused Tidewatch co-host Stu\xa0Burguiere.'
    assert _quote(text, "Imagine the").speaker.split() == ["Stu", "Burguiere"]
    text = ('Tides were late.\n\n"The risks are real," said Harbour Bank analyst Ivo Kralj The '
            'dispute with the port goes on.')
    assert _quote(text, "The risks").speaker == "Ivo Kralj"


def test_a_new_sentence_after_a_quote_with_its_own_object_is_no_cue():
    """PolNeAR: '… a column, entitled, “Why … in ‘08.” Obama himself has even made comments
    supportive of Clinton’s bid.': the sentence after the quote reports on its own."""
    text = ('A column last week ran under the line “The port matters more than the pilots do.” '
            'Mara Roe herself has even made comments supportive of the pilots.')
    assert _quote(text, "The port matters").speaker != "Mara Roe"


def test_a_capitalised_subject_does_not_speak_across_a_but_clause():
    """BBC tech/354: 'US Customs claimed Mr Griffiths was one of DOD's leaders but his lawyer,
    Antony Townsden, told the BBC News website it was a laughable suggestion and added: "…"':
    the clause after 'but' has its own subject; Customs said none of it."""
    text = ('Pilots were arrested.\n\nHarbour Customs claimed Mr Kral was one of the gang\'s leaders '
            'but his lawyer, Mara Roe, told the local radio station it was a laughable suggestion '
            'and added: "He was living on welfare and had no boat at all."')
    assert _quote(text, "He was living").speaker not in ("Customs", "Harbour Customs")


def test_a_participle_after_a_pronoun_s_clause_speaks_for_the_pronoun():
    """BBC sport/36: 'But he is not envious, insisting: "…"': the pronoun subject of the
    clause the participle follows, resolved as 'he said' is (not the people he assisted)."""
    text = ('Ivo Kral never sailed for the club, assisting both Oskar Lind and Pavel Roe. But he '
            'is not envious, insisting: "I do not have to be jealous of them."')
    assert _quote(text, "I do not have").speaker == "Ivo Kral"
    # not when another subject takes the participle ('… and the board, saying')
    text = ('Ivo Kral met the owners. He is not happy with the board, which wrote to the fans, '
            'saying: "Nothing will change."')
    assert _quote(text, "Nothing will").speaker != "Ivo Kral"


@pytest.mark.parametrize("text", [
    # a participle goes on from its sentence's pronoun subject, not from a name the pronoun's
    # verb reports on
    'Ivo Kral met the families. One of them, Piet Vos, said they were pleased. He said Mr Kral '
    'had spoken with "real warmth", adding: "He listened to all of us."',
    'Ivo Kral met the families. One of them, Piet Vos, said they were pleased. He said that Mr Kral '
    'had spoken well, adding: "He listened to all of us."',
])
def test_a_participle_goes_on_from_the_pronoun_subject(text):
    assert _last(text).speaker == "Piet Vos"


@pytest.mark.parametrize("lead", ["And last week", "But", "Earlier this month", "Meanwhile"])
def test_a_name_after_a_clause_s_lead_in_is_its_subject(lead):
    """BBC entertainment/311: 'And last week Only Fools and Horses star David Jason criticised
    …. "…," he said.' is the star's, not the person the article is about."""
    text = (f'Ivo Kral, soon to tour again, criticised quiz shows. "They are lazy," said Kral. '
            f'{lead} Harbour Lights and Nets star Oskar Lind criticised the channels. '
            f'"We have to be careful," he said.')
    assert _last(text).speaker == "Oskar Lind"


def test_a_list_s_last_name_is_no_subject():
    """PolNeAR: '…, said Harvey, who backed Senator Roe, and Senator Doe. "…," he said.' and 'Roe
    and Doe' inside a sentence: the names of a list are not who "he" goes on from."""
    text = ('"We show anger," said Piet Vos, who backed Senator Oskar Lind, and Senator Ivo Kral. '
            '"We are alive," he said.')
    assert _last(text).speaker != "Ivo Kral"
    text = ('Britain is cautious. Chancellor Oskar Lind and President Ivo Kral want the ban lifted, '
            'but on Wednesday Mr Vos said he agreed. "I understand the argument," he said. '
            'Piet Vos is the foreign secretary.')
    assert _last(text).speaker == "Piet Vos"


def test_a_pronoun_inside_a_reported_clause_is_no_subject():
    # 'Orvane said he was "…", arguing': the he is what Orvane said, not who argues
    text = ('Mayor Ivo Kral backs the plan. "It is good for us," Mr Kral said. But its critics are many. '
            'Council chairman G.K. Orvane said he was "outraged" to hear of it, arguing that '
            '"it would hurt the town."')
    assert _last(text).speaker == "Orvane"
    # the same where the people pass misses the chairman: unknown, not the senator before
    text = ('Sen. Ivo Kral of Delaware backs the change. But the town caucus opposes it. '
            'Caucus Chairman G.K. Orvane of North Carolina said he was "outraged" to even hear about '
            'it, arguing that "ending the rule would be unfair."')
    assert _last(text).speaker != "Ivo Kral"


def test_the_one_an_outlet_quoted_speaks_not_the_outlet():
    """BBC business/31: '"…," the agency quoted Peoplesoft worker David Ogden as saying.'"""
    text = '"We are mourning a great firm," the agency quoted harbour worker Ivo Kral as saying.'
    assert _quote(text, "We are mourning").speaker == "Ivo Kral"
    text = 'Mara Roe spoke on Monday. "We will win," the paper quoted her as saying.'
    assert _quote(text, "We will win").speaker == "Mara Roe"
    # the outlet alone is no speaker; a passive 'he is quoted as saying' is his
    assert _quote('"It is over," the newspaper quoted one official as saying.', "It is over").speaker is None
    text = 'Ivo Kral spoke on Monday. "We will win," he is quoted as saying by a magazine.'
    assert _quote(text, "We will win").speaker == "Ivo Kral"


def test_a_sentence_after_a_closed_quote_with_a_verb_and_its_object_is_no_attribution():
    """BBC sport/: '"… Football Club." City recently announced debts of £62m': a sentence of
    its own, not the quote's cue."""
    text = ('Ivo Kral spoke to the fans. "He is an academy boy and he has signed a new deal." '
            'Rovers recently announced debts of 62m, the club said.')
    assert _quote(text, "He is an academy").speaker != "Rovers"
    # the same shape ending at its cue is the quote's
    assert _quote('"We will win the league." Rovers said in a statement.', "We will win").speaker == "Rovers"


def test_a_capitalised_word_that_describes_is_no_source():
    """BBC sport/: '," said the Newport-based athlete': 'Newport-based' was an organisation."""
    text = 'Jo Lind won again. "The honour is important," said the Leeds-based sprinter.'
    assert _quote(text, "The honour").speaker != "Leeds-based"
    assert _quote('"We will win," said Smith-Jones.', "We will win").speaker == "Smith-Jones"


def test_a_job_named_after_the_cue_is_the_person_named_earlier_with_that_job():
    """BBC sport/: '," said the French coach' after 'France coach Bernard Laporte'."""
    text = 'France coach Ivo Lacroix named his side. "We are never good enough," said the French coach.'
    assert _quote(text, "We are never").speaker == "Ivo Lacroix"
    # nobody named earlier with that job: unknown
    text = 'Sprinter Darren Lind won. "The honour matters," the athlete said.'
    assert _quote(text, "The honour").speaker is None
    # a capitalised word inside the description is the team's, not the speaker's
    text = 'Rovers boss Ivo Lacroix spoke. "We were unlucky," said the Rovers boss.'
    assert _quote(text, "We were unlucky").speaker == "Ivo Lacroix"


def test_a_place_after_in_is_no_speaker():
    """BBC politics/224: "detainee 'A' in Woodhill Prison said:" is the detainee's, whom the
    text does not name: unknown, not the prison."""
    text = ("The ruling came on Thursday. In a statement, detainee 'B' in Orvane Prison said: "
            '"I hope the government will act upon this decision."')
    assert _last(text).speaker is None


def test_the_name_after_an_owner_of_two_names_speaks():
    """BBC business/19: '"…," added Ernst and Young's Sanjay Mehta.'"""
    text = ('"The relaxation could ignite interest in the market," added Hale and Dorr\'s Ravi Menon. '
            'Banks agreed.')
    assert _last(text).speaker == "Ravi Menon"


def test_the_object_of_a_preposition_with_who_is_no_subject():
    """BBC sport/166 and 144: 'Roe has apologised to Arsenal's Robert Pires, who was injured …
    He said: "…"' and 'Souness also paid tribute to Laurent Robert, who was …. "…," he said'
    are the subject's."""
    text = ('David Orvell has apologised for his actions and to Harbour\'s Ivo Kral, who was hurt in the '
            'tackle. He said: "It is a horrendous situation. I apologise to the referee."')
    assert _last(text).speaker == "David Orvell"
    # 'None more so than Doe, who …' still makes Doe the one the text is about
    text = ('The squad trained hard. None more so than Ivo Kral, who ran twice as far. '
            '"I am ready," he said.')
    assert _last(text).speaker == "Ivo Kral"


def test_a_he_after_an_unnamed_spokesman_is_the_spokesman():
    """BBC politics/071 and 174: 'Mr Leigh said …. A Home Office spokesman said …. He added
    "…"' is the spokesman's, whom the text does not name: unknown, not Leigh."""
    text = ('Mr Ivo Kral said the office should act. A Harbour Office spokesman said the system had '
            'been tightened. He added: "The process has been reviewed."')
    assert _last(text).speaker is None
    text = ('Ivo Kral, the council correspondent, said ministers knew. The executive spokeswoman said '
            'the leave was agreed. She said: "Ministers were told of that."')
    assert _last(text).speaker is None
    # a spokesman and then a she: not the spokesman's
    text = ('Mara Roe said the office should act. A Harbour Office spokesman said the system had been '
            'tightened. She added: "It is not enough."')
    assert _last(text).speaker == "Mara Roe"


def test_a_name_in_the_clause_a_pronoun_reports_is_not_the_pronoun():
    """BBC politics/110: 'Mr Blair has failed to tackle these problems, he claimed, saying he
    has the "wrong solution"' is what Howard claims of Blair; the he and the quotes after are
    Howard's. PolNeAR: '… Hillary Rodham Clinton, to raise taxes …, he added, amount to "…"'."""
    text = ('Tory leader Ivo Kral attacked the government. "It has failed," he said. Mr Lind has '
            'failed to tackle these problems, he claimed, saying he has the "wrong solution" to them.')
    assert _quote(text, "wrong solution").speaker == "Ivo Kral"
    # a report inside another subject's clause leaves the main subject the he's ('Howard has no
    # doubt it is the prime minister who, he claims, is "ramming" …')
    text = ('Ivo Kral has no doubt it is the prime minister who, he claims, is "ramming" the bill '
            'through. Oskar Lind disagreed.')
    assert _quote(text, "ramming").speaker == "Ivo Kral"


def test_said_the_constituency_mp_is_the_mp():
    """BBC politics/113: '"…," said the Ealing North MP.' is the MP named before, not the
    constituency."""
    text = ('Labour MP Ivo Kral told of his shock. "It was a pretty horrible thing," said the Orvale '
            'North MP.')
    assert _last(text).speaker == "Ivo Kral"


def test_a_band_s_frontwoman_is_the_subject_her_pronoun_goes_on_from():
    """BBC entertainment/253: 'Scissor Sisters frontwoman Ana Matronic collected the prize from
    singer Siouxsie Sioux. She told the audience: "…"' is Matronic's."""
    text = ('Glasgow group Orvfly won two prizes, as did Mara Roe, who was voted best act. Velvet '
            'Sisters frontwoman Ana Orvonic collected the album prize from singer Siouxsie Orv. '
            'She told the audience: "If you told us a year ago we would win, we would have laughed."')
    assert _last(text).speaker == "Ana Orvonic"


def test_implored_is_a_speech_verb():
    """BBC politics/259: '"Don't you care about the Inuit?", implored guitar-toting
    environmental campaigner Barry Lim.' is his, not the man asked before it."""
    text = ('Wheelchair user Kevin Orvellon was asked: "Why do you want it?" "Do you not care about '
            'them?", implored guitar-toting environmental campaigner Barry Orvim.')
    assert _last(text).speaker == "Barry Orvim"
