"""Fictional reports for the desk's tests (written for them: every town, outlet and person
is invented). Three stories, several outlets each, and one wire copy under two mastheads."""

from __future__ import annotations

from datetime import date

from newsfuse.model import Article

_STORIES = {
    "dam": [
        ("Tarrow Gazette", "Tarrow dam spillway opened as reservoir rises",
         "Engineers at the Tarrow reservoir opened the dam spillway on Tuesday after three days of rain raised the "
         "water to its highest level in forty years. Reservoir manager Edda Quill said the dam itself was sound and "
         "that the release would lower the level by a metre before Thursday. Families in the Lower Tarrow valley "
         "were told to keep away from the river banks."),
        ("Valley Standard", "Lower Tarrow valley warned as dam releases water",
         "Residents of the Lower Tarrow valley were warned to stay clear of the river after the Tarrow dam began "
         "releasing water through its spillway. Reservoir manager Edda Quill said the reservoir had reached its "
         "highest level in forty years after heavy rain. Two footbridges near the dam were closed."),
        ("Northfell Post", "Tarrow reservoir level falls after spillway release",
         "The level of the Tarrow reservoir fell by half a metre overnight after the dam spillway was opened, "
         "manager Edda Quill said on Wednesday. The footbridges below the dam will stay closed until the river "
         "in the Lower Tarrow valley drops back."),
    ],
    "orchestra": [
        ("Kestrel City Times", "Kestrel Philharmonic names new conductor",
         "The Kestrel Philharmonic named the violinist Ruan Ostby as its principal conductor on Monday, ending a "
         "two-year search. Ostby, who led the orchestra twice as a guest last season, will open the autumn season "
         "with a programme of new works by composers from Kestrel City."),
        ("Arts Ledger", "Ruan Ostby to lead the Kestrel Philharmonic",
         "Ruan Ostby will become principal conductor of the Kestrel Philharmonic from the autumn season, the "
         "orchestra said. The board chose Ostby after a two-year search; Ostby conducted the orchestra twice as a "
         "guest and plans an opening programme of new works by Kestrel City composers."),
    ],
    "bridge": [
        ("Holloway Herald", "Holloway swing bridge stuck open for a second day",
         "The Holloway swing bridge over the Marle canal stayed stuck open for a second day on Friday after a "
         "motor failed, cutting the main road between the two halves of the town. Canal authority engineer "
         "Priya Venn said a replacement motor would arrive from Dunmore on Saturday. Buses are being sent on a "
         "ten-kilometre detour."),
        ("Marle Courier", "Replacement motor due for Holloway swing bridge",
         "A replacement motor for the Holloway swing bridge is due on Saturday, canal authority engineer Priya "
         "Venn said, after the bridge over the Marle canal jammed open on Thursday. Drivers face a ten-kilometre "
         "detour and the town's buses are running late."),
    ],
}

_WIRE = ("TARROW (Meridian Press) - Water poured through the spillway of the Tarrow dam for a second day on "
         "Wednesday as engineers worked to lower the reservoir, which rain had pushed to its highest level in "
         "forty years. Reservoir manager Edda Quill said the dam was sound and the release was going to plan. "
         "Police closed two footbridges and the riverside path in the Lower Tarrow valley, and the school by the "
         "river moved its pupils to the town hall. Farmers downstream said fields near the banks were flooded.")


def reports() -> list[Article]:
    """The seven reports of the three stories, interleaved as they might arrive."""
    out = []
    for day, (story, items) in enumerate(_STORIES.items()):
        for k, (outlet, title, text) in enumerate(items):
            out.append((k, day, Article(text=text, outlet=outlet, title=title, date=date(2031, 5, 6 + k),
                                        url=f"https://{outlet.lower().replace(' ', '-')}.example/{story}/{k}")))
    return [a for _, _, a in sorted(out, key=lambda t: (t[0], t[1]))]


def wire_copies() -> list[Article]:
    """One agency report under two mastheads (credited), the second lightly edited."""
    second = _WIRE.replace("for a second day on Wednesday", "on Wednesday").replace(
        " Farmers downstream said fields near the banks were flooded.", "")
    return [
        Article(text=_WIRE, outlet="Tarrow Gazette", title="Dam spillway runs for second day", credit="Meridian Press",
                date=date(2031, 5, 8), url="https://tarrow-gazette.example/wire/1"),
        Article(text=second, outlet="Northfell Post", title="Tarrow dam release goes to plan", credit="Meridian Press",
                date=date(2031, 5, 8), url="https://northfell-post.example/wire/7"),
    ]


def label(article: Article) -> str:
    """The story a report belongs to (from its URL)."""
    return "dam" if "/wire/" in (article.url or "") else (article.url or "").rsplit("/", 2)[-2]


def glassworks_pair() -> tuple[Article, Article]:
    """Two reports of one factory story that share little wording (a merge test's two stories)."""
    a = Article(text="Glassworks in Ferrow closed its furnace after a gas leak, the plant manager Odile Sparre said. "
                "Workers were sent home while inspectors checked the pipes.", outlet="Ferrow Daily", url="https://f.example/1")
    b = Article(text="Inspectors found a cracked valve at the Ferrow glassworks furnace and ordered repairs before "
                "the plant may reopen, manager Odile Sparre said.", outlet="Ferrow Bulletin", url="https://f.example/2")
    return a, b
