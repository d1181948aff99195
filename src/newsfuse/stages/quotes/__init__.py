"""Direct quotations, their speakers, and the same remark merged across outlets.

Three steps, each usable on its own:

- :func:`extract_quotes` finds the quotations of one article as
  :class:`QuoteMention` s with character offsets into ``Article.text``:
  straight, curly and doubled-apostrophe quote marks; quotations running over
  several sentences or paragraphs (the journalistic re-opened quote mark);
  quotations split around their cue (``"X," he said, "y."``) kept as one;
  short fragments inside the reporter's own sentence (``partial``). A quote
  mark left open ends at the end of its paragraph, or at the sentence before
  the next opening mark, so a missing mark never swallows the article.
- :func:`merge_quotes` groups the mentions of all outlets into :class:`Quote` s:
  the same remark (normalised-token containment, "100%" == "100 percent")
  by compatible speakers becomes one quote with all its sources, its longest
  wording as the text and the other wordings as variants.
- The ``quotes`` pipeline stage runs both over a cluster; spaCy's parse and
  named entities are used unless ``settings.fast``.

Who said it is found from the words around the quotation, in three steps:

1. **Surface patterns** around the quotation, which cover most news writing:
   ``"...," Trump said`` / ``"...," said Cavusoglu`` / ``Pompeo said: "..."`` /
   ``according to X, "..."`` / ``X, the commander of ..., warned ... "..."``.
   A cue is a reporting verb from :data:`~.cues.CUE_WORDS`; the speaker is the
   noun phrase next to it (a name, a pronoun or a description such as "a senior
   administration official"), skipping adverbs, appositives and participial
   clauses between them. An appositive or a title before the name becomes the
   speaker's ``role``.
2. With spaCy (not in ``--fast`` mode), the **dependency parse** when no
   pattern matched: the subject of the nearest reporting verb outside the
   quotation, climbing from "adding", "saying" to the verb they hang on.
3. **Resolution**: a pronoun ("he") goes to the nearest person named before
   it; a description ("the official", "the general") to the nearest person
   whose title or role has that head noun, else it stays a description. A
   quotation standing alone right after another quotation or an introducing
   colon inherits that speaker. When nothing is found the speaker is ``None``.

Person names come from spaCy's PERSON entities or, in fast mode, from names
next to reporting verbs and names after a title ("Gen.", "Secretary of State").

One module per job:

- :mod:`.marks`: quote marks and the quoted segments of a text;
- :mod:`.extract`: one article's quotations, with their speakers;
- attribution: :mod:`.cues` (cue words, the words of an attribution, kinds of
  speaker phrase), :mod:`.phrases` (the noun phrase before or after a cue),
  :mod:`.dependency` (spaCy's parse), :mod:`.people` (the people an article
  names), :mod:`.resolve` (who "he" or "the official" is);
- :mod:`.merge`: the same remark across outlets;
- :mod:`.sentences`: the quotes and speakers a sentence holds;
- :mod:`.stage`: the pipeline stage;
- :mod:`.types`: the result dataclasses.
"""

from __future__ import annotations

from .cues import CUE_WORDS, PRONOUNS, SpeakerPhrase, classify
from .extract import extract_quotes
from .marks import EDGE_STRIP, QUOTE_CHARS, find_segments, paragraph_spans
from .merge import merge_quotes, norm_tokens, remark_units, same_remark, wording_key
from .people import PersonIndex, index_people
from .resolve import resolve
from .sentences import names_speaker, quote_speaker_for_sentence, quote_speakers_in_span, sentence_has_quote
from .stage import make_quote_stage, quotes_of_cluster
from .types import Quote, QuoteMention, QuoteVariant

__all__ = [
    "CUE_WORDS",
    "EDGE_STRIP",
    "PRONOUNS",
    "QUOTE_CHARS",
    "PersonIndex",
    "Quote",
    "QuoteMention",
    "QuoteVariant",
    "SpeakerPhrase",
    "classify",
    "extract_quotes",
    "find_segments",
    "index_people",
    "make_quote_stage",
    "merge_quotes",
    "names_speaker",
    "norm_tokens",
    "paragraph_spans",
    "quote_speaker_for_sentence",
    "quote_speakers_in_span",
    "quotes_of_cluster",
    "remark_units",
    "resolve",
    "same_remark",
    "sentence_has_quote",
    "wording_key",
]
