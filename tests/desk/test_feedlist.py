"""Feed lists: OPML (nested outlines) and plain lists; every bad list refused in one line."""

import pytest

from newsfuse.desk.feedlist import FeedSpec, read_feed_list
from newsfuse.errors import FormatError, ReadError

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Morning desk</title></head>
  <body>
    <outline text="Coast">
      <outline text="Harbour Courier" title="Harbour Courier" type="rss" xmlUrl="https://harbour-courier.example/feed.xml"/>
      <outline text="Inner">
        <outline text="Valley Ledger" type="rss" xmlUrl="http://valley-ledger.example/rss"/>
      </outline>
    </outline>
    <outline text="Brindle Wire" xmlUrl="https://brindle-wire.example/atom"/>
    <outline text="dup" xmlUrl="https://brindle-wire.example/atom"/>
  </body>
</opml>
"""


def test_opml_nested_outlines():
    specs = read_feed_list(OPML, source="feeds.opml")
    assert specs == [
        FeedSpec("https://harbour-courier.example/feed.xml", "Harbour Courier"),
        FeedSpec("http://valley-ledger.example/rss", "Valley Ledger"),
        FeedSpec("https://brindle-wire.example/atom", "Brindle Wire"),
    ]


def test_plain_list_ignores_comments_and_blanks():
    data = b"# my feeds\n\nhttps://harbour-courier.example/feed.xml\n   \n  http://valley-ledger.example/rss  # not a comment?\n"
    # a '#' after a URL is part of the URL's fragment only if there is no space; this one has spaces: refused
    with pytest.raises(FormatError, match="line 5"):
        read_feed_list(data, source="feeds.txt")
    specs = read_feed_list(b"# my feeds\n\nhttps://harbour-courier.example/feed.xml\n\nhttp://valley-ledger.example/rss\n",
                           source="feeds.txt")
    assert [s.url for s in specs] == ["https://harbour-courier.example/feed.xml", "http://valley-ledger.example/rss"]
    assert all(s.title is None for s in specs)


@pytest.mark.parametrize("data, error, words", [
    (b"", ReadError, "empty"),
    (b"  \n# only a comment\n", ReadError, "names no feed"),
    (b"\x00\x01\x02binary", ReadError, "binary"),
    (b"\xff\xfe\xfa not utf8", ReadError, "UTF-8"),
    (b"<opml><body><outline xmlUrl='https://a.example/f'></body>", FormatError, "malformed OPML"),
    (b"<rss><channel/></rss>", FormatError, "not <opml>"),
    (b"https://ok.example/feed\nftp://files.example/feed\n", FormatError, "line 2"),
    (b"https://ok.example/feed\njavascript:alert(1)\n", FormatError, "line 2"),
    (b"<opml><body><outline xmlUrl='file:///etc/passwd'/></body></opml>", FormatError, "http"),
])
def test_bad_lists_refused_in_one_line(data, error, words):
    with pytest.raises(error) as info:
        read_feed_list(data, source="feeds.opml")
    message = str(info.value)
    assert "feeds.opml" in message and words in message
    assert "\n" not in message


def test_entity_bomb_refused_not_expanded():
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE opml [\n<!ENTITY a "aaaaaaaaaa">\n'
            + b"".join(b'<!ENTITY %s "%s">\n' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10)
                       for i in range(8))
            + b']>\n<opml><body><outline text="&i;" xmlUrl="https://a.example/f"/></body></opml>')
    with pytest.raises(FormatError, match="DTD|entit"):
        read_feed_list(bomb, source="bomb.opml")


def test_external_entity_refused():
    data = (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<opml><body><outline text="&x;" xmlUrl="https://a.example/f"/></body></opml>')
    with pytest.raises(FormatError, match="DTD|entit"):
        read_feed_list(data, source="xxe.opml")
