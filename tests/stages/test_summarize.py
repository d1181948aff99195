"""The selector: budget, stand-alone filter, citations across outlets (fast mode: no model)."""

from newsfuse.brief import get_pipeline, new_cluster
from newsfuse.model import Article, Sentence, article_id
from newsfuse.settings import Settings
from newsfuse.stages.summarize import can_stand_alone, summarize, word_count


def _article(outlet: str, text: str) -> Article:
    return Article(id=article_id(outlet, None, text), outlet=outlet, text=text)


ARTICLES = [
    _article("Harbour Courier", "A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night. "
             "Firefighters from the Port Elling Fire Service fought the blaze for twelve hours. "
             "The warehouse held most of the region's wheat stock."),
    _article("Elling Daily News", "Fire tore through the grain warehouse on Pier 4 of Port Elling late Tuesday night. "
             "The mayor promised that the harbour would be rebuilt within a year. "
             "Firefighters fought the blaze at the warehouse for twelve hours."),
    _article("Northshore Radio", "Late on Tuesday night a fire broke out at the Pier 4 grain warehouse in Port Elling. "
             "Insurers estimated the damage at several million dollars. "
             "Local schools stayed open on Wednesday."),
]


def _cluster(fast=True):
    return get_pipeline(Settings(fast=fast)).run(new_cluster(ARTICLES))


def test_summary_respects_the_word_budget():
    cluster = _cluster()
    for words in (15, 30, 60):
        summary = summarize(cluster, Settings(fast=True, summary_words=words))
        assert sum(word_count(s.text) for s in summary) <= words


def test_shared_fact_is_chosen_and_cites_every_outlet_reporting_it():
    summary = summarize(_cluster(), Settings(fast=True, summary_words=20))
    assert summary, "a summary sentence should fit in 20 words"
    first = summary[0]
    assert "Pier 4" in first.text
    assert set(first.sources) == {"s1", "s2", "s3"}
    assert {c.source_id for c in first.citations} == {"s1", "s2", "s3"}
    assert all(ARTICLES[int(c.source_id[1:]) - 1].text[c.start:c.end] for c in first.citations)


def test_sentence_reported_once_cites_only_its_outlet():
    summary = summarize(_cluster(), Settings(fast=True, summary_words=200))
    schools = [s for s in summary if "schools" in s.text]
    assert all(s.sources == ("s3",) for s in schools)


def _s(text: str, quote_id=None) -> Sentence:
    return Sentence("a", 0, 0, len(text), text, 0, quote_id)


def test_sentences_that_cannot_stand_alone_are_refused():
    assert can_stand_alone(_s("The warehouse on Pier 4 burned for twelve hours on Tuesday."))
    assert not can_stand_alone(_s("But the warehouse on Pier 4 burned for twelve hours."))
    assert not can_stand_alone(_s("He said the warehouse on Pier 4 burned for twelve hours."))
    assert not can_stand_alone(_s("Did the warehouse on Pier 4 burn for twelve hours on Tuesday?"))
    assert not can_stand_alone(_s("Fire on the waterfront"))  # a subhead
    assert not can_stand_alone(_s('"We got everyone out of the building in time," he said.'))  # speaker unnamed
    assert not can_stand_alone(_s('"We got everyone out of the building in time and nobody died."'))  # no speaker
    assert can_stand_alone(_s('"We got everyone out of the building in time," Ruiz said.'))
    assert not can_stand_alone(_s('"It will take years to rebuild the harbour.', quote_id=1))  # half a quotation


def test_wire_duplicates_count_as_one_report():
    from dataclasses import replace

    cluster = _cluster()
    merged = replace(cluster, duplicates=((cluster.articles[0].id, cluster.articles[1].id),))
    from newsfuse.stages.summarize import support_counts

    before = support_counts(cluster, [0], 0.38)[0]
    after = support_counts(merged, [0], 0.38)[0]
    assert before == 2 and after == 1
