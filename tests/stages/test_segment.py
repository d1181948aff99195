from newsfuse.model import Article
from newsfuse.text.sentences import split_sentences


def _split(text: str):
    return split_sentences(Article(id="a1", outlet="Harbour Courier", text=text))


def test_offsets_point_into_the_text():
    text = "The fire started at night. Crews arrived quickly.\n\nThe mayor spoke on Tuesday."
    sents = _split(text)
    assert [s.text for s in sents] == ["The fire started at night.", "Crews arrived quickly.", "The mayor spoke on Tuesday."]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert [s.paragraph for s in sents] == [0, 0, 1]
    assert [s.index for s in sents] == [0, 1, 2]


def test_abbreviations_do_not_end_sentences():
    text = (
        "The U.S. Coast Guard sent two boats. Gen. Maria Olsen met Sen. Park on Feb. 6 in Washington, D.C. "
        "before noon. Crews from the U.K. arrived. John F. Kennedy Pier was closed."
    )
    sents = [s.text for s in _split(text)]
    assert sents == [
        "The U.S. Coast Guard sent two boats.",
        "Gen. Maria Olsen met Sen. Park on Feb. 6 in Washington, D.C. before noon.",
        "Crews from the U.K. arrived.",
        "John F. Kennedy Pier was closed.",
    ]


def test_dotted_acronym_then_sentence_starter_splits():
    sents = [s.text for s in _split("Aid came from the U.S. The rest came later.")]
    assert sents == ["Aid came from the U.S.", "The rest came later."]


def test_question_and_exclamation_marks_end_sentences():
    sents = [s.text for s in _split('Was it arson? Nobody knows! "Who did this?" she asked.')]
    assert sents == ["Was it arson?", "Nobody knows!", '"Who did this?" she asked.']


def test_quotation_over_several_sentences_shares_one_id():
    text = '"The fire is out. The harbour will reopen," Ruiz said. "We are grateful."'
    sents = _split(text)
    assert len(sents) == 3
    assert sents[0].quote_id == sents[1].quote_id is not None
    assert sents[2].quote_id not in (None, sents[0].quote_id)


def test_quotation_reopened_in_next_paragraph_continues():
    text = "\u201cWe lost the east wing. We saved the rest.\n\n\u201cNobody was killed,\u201d Ruiz said.\n\nThe port reopened."
    sents = _split(text)
    ids = [s.quote_id for s in sents]
    assert ids[0] == ids[1] == ids[2] is not None
    assert ids[3] is None


def test_unclosed_quote_does_not_run_away():
    text = '"We will rebuild, said the mayor. It will take years.\n\nThe port reopened on Friday. Ships returned.'
    sents = _split(text)
    assert sents[0].quote_id is not None and sents[1].quote_id == sents[0].quote_id
    assert all(s.quote_id is None for s in sents[2:])
