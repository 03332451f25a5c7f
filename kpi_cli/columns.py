"""Canonical column names and the aliases real exports use for them.

Exports from Instagram, TikTok, YouTube, ads managers and influencer platforms name
the same figure a dozen ways; matching ignores case, spaces and punctuation so that
`Amount spent (USD)`, `amount_spent_usd` and `AMOUNT SPENT` all land on `spend`.
The spellings of an unknown cell live here too: the CSV parser needs them before
pyarrow's compute functions (numbers.py) are loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Decimal = Literal[".", ","]  # the decimal mark numbers are written with

# Cells that mean "unknown" (matched case-insensitively after trimming): missing, not zero.
MISSING_TOKENS: tuple[str, ...] = (
    "",
    "n/a",
    "na",
    "n.a.",
    "-",
    "--",
    "---",
    "—",
    "–",
    "null",
    "none",
    "nan",
    "#n/a",
)

# Dimensions are read as text; the rest are numbers.
DIMENSIONS: tuple[str, ...] = (
    "date",
    "campaign",
    "platform",
    "influencer",
    "post_id",
    "format",
    "tier",
)

# Figures that are whole numbers in any sane export (summed exactly as integers).
COUNT_COLUMNS: tuple[str, ...] = (
    "followers",
    "reach",
    "impressions",
    "views",
    "completed_views",
    "likes",
    "comments",
    "shares",
    "saves",
    "engagements",
    "profile_visits",
    "clicks",
    "sessions",
    "conversions",
    "code_uses",
)

MONEY_COLUMNS: tuple[str, ...] = ("revenue", "spend")

NUMERIC_COLUMNS: tuple[str, ...] = COUNT_COLUMNS + MONEY_COLUMNS
CANONICAL: tuple[str, ...] = DIMENSIONS + NUMERIC_COLUMNS

# Dimensions whose distinct values `kpi score` counts in every group (activated influencers, ...).
COUNTED_DIMENSIONS: tuple[str, ...] = ("influencer", "tier", "platform")


def score_needs(by: Iterable[str] = ()) -> set[str]:
    """The canonical columns `kpi score` reads, grouping on `by`: campaign, format, ... stay unread
    unless grouped on. Here (not with the math) so the reader can start before pandas loads."""
    return {*NUMERIC_COLUMNS, *COUNTED_DIMENSIONS, "post_id", "date", *by}


# Aliases as exports write them; each is normalised before lookup, so one spelling
# per wording is enough.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": (
        "day",
        "post date",
        "posted",
        "posted at",
        "posted on",
        "publish date",
        "published",
        "published at",
        "reporting starts",
        "reporting date",
        "date posted",
        "created at",
        "created time",
        "publish time",
    ),
    "campaign": ("campaign name", "campaign title", "ad set name", "campaign id"),
    "platform": ("network", "channel", "social network", "source", "social platform"),
    "influencer": (
        "handle",
        "creator",
        "creator handle",
        "creator name",
        "influencer name",
        "influencer handle",
        "username",
        "user name",
        "account",
        "account name",
        "talent",
        "author",
        "channel name",
    ),
    "post_id": (
        "post",
        "post url",
        "post link",
        "permalink",
        "media id",
        "video id",
        "content id",
        "url",
        "link",
        "post code",
    ),
    "format": ("post type", "content type", "media type", "placement", "content format"),
    "tier": ("creator tier", "influencer tier", "tier name", "size"),
    "followers": (
        "follower count",
        "followers count",
        "subscribers",
        "subscriber count",
        "audience size",
        "fans",
        "audience",
    ),
    "reach": ("accounts reached", "unique reach", "post reach", "reached", "unique viewers"),
    "impressions": (
        "post impressions",
        "total impressions",
        "imps",
        "views impressions",
        "times displayed",
    ),
    "views": (
        "video views",
        "plays",
        "video plays",
        "total views",
        "video play",
        "reel plays",
        "views total",
    ),
    "completed_views": (
        "completed views",
        "video completions",
        "completions",
        "full video views",
        "views to 100",
        "video plays at 100",
        "thruplays",
        "watched full video",
    ),
    "likes": ("like count", "reactions", "hearts", "post reactions", "total likes"),
    "comments": ("comment count", "total comments", "replies"),
    "shares": ("share count", "total shares", "reposts", "sends"),
    "saves": ("save count", "total saves", "bookmarks", "favorites", "favourites"),
    "engagements": (
        "engagement",
        "total engagement",
        "total engagements",
        "interactions",
        "total interactions",
        "post engagement",
    ),
    "profile_visits": (
        "profile views",
        "profile visits",
        "profile activity",
        "visits to profile",
    ),
    "clicks": (
        "link clicks",
        "clicks all",
        "link click",
        "swipe ups",
        "outbound clicks",
        "website clicks",
        "url clicks",
        "click throughs",
    ),
    "sessions": (
        "traffic",
        "website sessions",
        "site sessions",
        "visits",
        "website visits",
        "landing page views",
        "site visits",
    ),
    "conversions": (
        "purchases",
        "orders",
        "sales",
        "results",
        "sign ups",
        "signups",
        "leads",
        "transactions",
        "conversion",
    ),
    "code_uses": (
        "promo code uses",
        "code redemptions",
        "promo code redemptions",
        "discount code uses",
        "coupon uses",
        "codes used",
        "promo codes",
    ),
    "revenue": (
        "sales revenue",
        "attributed revenue",
        "purchase value",
        "purchases conversion value",
        "conversion value",
        "gmv",
        "total revenue",
        "revenue usd",
        "sales amount",
        "income",
    ),
    "spend": (
        "amount spent",
        "amount spent usd",
        "amount spent eur",
        "cost",
        "total cost",
        "fee",
        "fees",
        "creator fee",
        "influencer fee",
        "budget spent",
        "spent",
        "total spend",
        "media cost",
        "payment",
    ),
}

_CURRENCY_WORDS = ("usd", "eur", "gbp", "cad", "aud")


def normalise(header: str) -> str:
    """Reduce a header to lowercase letters and digits, e.g. `Amount spent (USD)` → `amountspentusd`."""
    return re.sub(r"[^0-9a-z]", "", header.strip().lower())


def _lookup_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical in CANONICAL:
        table[normalise(canonical)] = canonical
    for canonical, aliases in ALIASES.items():
        for alias in aliases:
            table.setdefault(normalise(alias), canonical)
    return table


_LOOKUP = _lookup_table()


def canonical_for(header: str, columns: ColumnSet | None = None) -> str | None:
    """Return the canonical column a header stands for, or None when it is not one of ours."""
    lookup = _LOOKUP if columns is None else columns.lookup()
    key = normalise(header)
    if key in lookup:
        return lookup[key]
    # `Revenue (USD)`, `Spend EUR`: a trailing currency code does not change the meaning.
    for word in _CURRENCY_WORDS:
        if key.endswith(word) and key[: -len(word)] in lookup:
            return lookup[key[: -len(word)]]
    return None


@dataclass(frozen=True)
class ColumnSet:
    """The canonical columns one kind of input is read into, with their aliases.

    `kpi score` reads campaign exports (SCORE_COLUMNS); `kpi lift` reads a brand's daily
    series and `kpi retention` an agency client list, whose headers mean other things
    (a daily file's `Spend` is the brand's whole marketing spend, not a creator fee).
    """

    name: str
    dimensions: tuple[str, ...]
    counts: tuple[str, ...]
    money: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]
    example: str  # headers to suggest when none is recognised

    @property
    def numeric(self) -> tuple[str, ...]:
        return self.counts + self.money

    @property
    def canonical(self) -> tuple[str, ...]:
        return self.dimensions + self.numeric

    def lookup(self) -> dict[str, str]:
        return _lookup_for(self)


_LOOKUPS: dict[str, dict[str, str]] = {}


def _lookup_for(columns: ColumnSet) -> dict[str, str]:
    table = _LOOKUPS.get(columns.name)
    if table is None:
        table = {}
        for canonical in columns.canonical:
            table[normalise(canonical)] = canonical
        for canonical, aliases in columns.aliases.items():
            for alias in aliases:
                table.setdefault(normalise(alias), canonical)
        _LOOKUPS[columns.name] = table
    return table


SCORE_COLUMNS = ColumnSet(
    "campaign export", DIMENSIONS, COUNT_COLUMNS, MONEY_COLUMNS, ALIASES,
    "Impressions, Link clicks, Amount spent",
)  # fmt: skip

# A brand's own daily series for before/after KPIs (`kpi lift`). `Spend` here is the
# brand's marketing spend, so both spellings land on `marketing_spend`.
DAILY_COLUMNS = ColumnSet(
    "brand daily series",
    ("date",),
    ("mentions", "followers"),
    ("revenue", "marketing_spend"),
    {
        "date": ("day", "reporting date", "report date", "calendar date"),
        "revenue": (*ALIASES["revenue"], "sales", "total sales", "net sales", "gross sales"),
        "marketing_spend": (
            "spend", "total spend", "marketing spend", "total marketing spend", "ad spend",
            "media spend", "total media spend", "amount spent", "cost", "total cost", "spent",
        ),
        "mentions": (
            "brand mentions", "mention count", "mentions count", "social mentions",
            "total mentions", "brand mention count",
        ),
        "followers": (
            "follower count", "followers count", "total followers", "brand followers",
            "subscribers", "audience size", "fans",
        ),
    },
    "Date, Revenue, Marketing spend, Mentions, Followers",
)  # fmt: skip

# An agency's client list for `kpi retention`: one row per client active in a period.
CLIENT_COLUMNS = ColumnSet(
    "client list",
    ("client", "period"),
    (),
    (),
    {
        "client": (
            "client name", "customer", "customer name", "account", "account name", "brand",
            "brand name", "company", "advertiser",
        ),
        "period": ("quarter", "month", "year", "active period", "active in", "date", "as of"),
    },
    "Client, Period",
)  # fmt: skip


@dataclass
class ColumnMap:
    """How one file's headers map onto canonical columns."""

    mapped: dict[str, str] = field(default_factory=dict)  # canonical -> header in the file
    ignored: list[str] = field(default_factory=list)  # headers we do not use
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (header, canonical)


def map_headers(headers: list[str], columns: ColumnSet | None = None) -> ColumnMap:
    """Map a file's headers; the first header for a canonical column wins, later ones are reported.

    `columns` picks the kind of input (campaign export by default). For the other kinds a
    header that spells the canonical name itself beats an alias, so a daily file with
    `Spend` and `Marketing spend` uses the latter.
    """
    result = ColumnMap()
    for header in headers:
        canonical = canonical_for(header, columns)
        if canonical is None:
            result.ignored.append(header)
        elif canonical in result.mapped:
            earlier = result.mapped[canonical]
            exact = normalise(header) == normalise(canonical) != normalise(earlier)
            if columns is not None and columns is not SCORE_COLUMNS and exact:
                result.mapped[canonical] = header
                header = earlier
            result.duplicates.append((header, canonical))
        else:
            result.mapped[canonical] = header
    return result
