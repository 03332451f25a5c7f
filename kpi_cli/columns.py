"""The canonical columns kpi reads each kind of input into: the schema reading and math share.

How real exports spell these columns is the reading layer's business (kpi_cli/read/:
profiles per platform for campaign exports, the aliases below for the brand's daily
series and an agency's client list). The spellings of an unknown cell live here too:
the CSV parser needs them before pyarrow's compute functions are loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

Decimal = Literal[".", ","]  # the decimal mark numbers are written with

# Formula errors of Excel in other languages, of Excel 365, Google Sheets and LibreOffice, as
# they write them into a CSV (audit E-5). Each language's #VALUE!, #DIV/0!, #N/A, #NAME?, #NUM!,
# #REF!, #NULL! and #SPILL!, from the localized error tables of EPPlus
# (InternationalizationUtility.cs) and HyperFormula (src/i18n/languages/*.ts), which differ in
# places (Spanish #N/A or #N/D, Dutch #DEEL/0! or #DELING.DOOR.0!): both are listed.
_FORMULA_ERRORS: tuple[str, ...] = (
    # Spanish
    "#¡valor!", "#¡div/0!", "#n/d", "#¿nombre?", "#¡num!", "#¡ref!", "#¡nulo!", "#¡desbordamiento!",
    "#¡calc!",
    # Italian
    "#valore!", "#nome?", "#rif!", "#espansione!",
    # Portuguese
    "#valor!", "#núm!", "#nulo!", "#despejar!", "#transposição!",
    # Dutch
    "#waarde!", "#deel/0!", "#deling.door.0!", "#n/b", "#naam?", "#getal!", "#verw!", "#leeg!",
    "#overloop!",
    # Danish, Norwegian, Swedish, Finnish
    "#værdi!", "#division/0!", "#i/t", "#navn?", "#nummer!", "#reference!", "#nul!", "#overløb!",
    "#verdi!", "#overflyt!",
    "#värdefel!", "#saknas!", "#namn?", "#ogiltigt!", "#referens!", "#skärning!",
    "#arvo!", "#jako/0!", "#puuttuu!", "#nimi?", "#luku!", "#viittaus!", "#tyhjä!", "#levittyminen!",
    # Polish, Czech, Slovak, Hungarian, Turkish
    "#arg!", "#dziel/0!", "#n/d!", "#nazwa?", "#liczba!", "#adr!", "#zero!", "#rozlanie!",
    "#hodnota!", "#dělení_nulou!", "#není_k_dispozici", "#název?", "#číslo!", "#odkaz!", "#presah!",
    "#delenienulou!", "#nedostupný", "#názov?", "#neplatný!",
    "#érték!", "#zéróosztó!", "#hiányzik", "#név?", "#szám!", "#hiv!", "#nulla!", "#kibontás!",
    "#değer!", "#sayi/0!", "#yok", "#ad?", "#sayi!", "#başv!", "#boş!", "#taşma!",
    # Russian
    "#знач!", "#дел/0!", "#н/д", "#имя?", "#число!", "#ссылка!", "#пусто!", "#перенос!",
    # German and French beyond the seven above
    "#überlauf!", "#kalk!", "#daten_abrufen", "#epars!", "#propagation!", "#obtention_donnees",
    # Excel 365 (any language may keep these), Google Sheets
    "#spill!", "#calc!", "#field!", "#blocked!", "#connect!", "#busy!", "#unknown!", "#python!",
    "#getting_data", "#error!",
    # LibreOffice Calc: Err:501 to Err:539 where Excel has no name for the error
    *(f"err:{code}" for code in range(501, 540)),
)  # fmt: skip

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
    # Excel's formula errors as a German, French or English Excel writes them into a CSV
    "#div/0!",
    "#nv",
    "#wert!",
    "#value!",
    "#valeur!",
    "#ref!",
    "#bezug!",
    "#name?",
    "#nom?",
    "#num!",
    "#zahl!",
    "#nombre!",
    "#null!",
    *_FORMULA_ERRORS,
    "<5",  # TikTok masks counts under five in breakdowns
    # What an agency's tracker holds for a post not live yet, in its link, date and figure
    # cells (audit J-7, J-12): unknown, not a post ID `TBD` two posts share, not a bad number.
    # Not in a name column (NAME_BLANKS leaves them out): a creator may be `TBD` there.
    "tbd",
    "tbc",
    "tba",
    "t.b.d.",
    "t.b.c.",
    "t.b.a.",
    "pending",
    "?",
    "??",
    "???",
)
# A fee cell that says the post was paid no fee (matched case-insensitively after trimming):
# a known 0 in the spend column, not an unknown fee (audit J-12). A gifted post is paid in
# product: its value, when known, is written in a column of its own (`Product Value`), which
# kpi adds to spend. Not `unpaid` or `pending payment`: a fee not paid yet is still a fee.
ZERO_FEES: tuple[str, ...] = (
    "gifted", "gift", "gifting", "gifted only", "gifted product", "product only", "product",
    "free", "free product", "free of charge", "foc", "no fee", "barter", "in kind", "in-kind",
    "complimentary", "seeding", "product seeding", "pr package",
    # the languages the tracker profile reads
    "gratis", "kostenlos", "geschenkt", "nur produkt", "produkt",
    "gratuit", "cadeau", "offert", "produit",
    "regalo", "producto", "canje", "solo producto",
    "grátis", "permuta", "presente", "produto",
    "gratuito", "omaggio", "prodotto",
)  # fmt: skip

# The spellings as the CSV reader matches them (it does not lowercase).
NULLS: list[str] = sorted({t for tok in MISSING_TOKENS for t in (tok, tok.upper(), tok.title())})

# The placeholders that blank a name (a campaign, creator, platform, tier, format cell):
# only those no name is ever spelt as. Google Ads writes `--` where a report has no value
# (Google Ads Help, "Fix missing data and discrepancies"), a tracker `N/A`, and a failed
# VLOOKUP in Excel `#N/A`. `NA` is North America beside EU and APAC, `Nan` a given name,
# and `None`/`null` are names too: those stay names (a number's placeholders, not a name's).
NAME_BLANKS: tuple[str, ...] = (
    *(
        tok
        for tok in MISSING_TOKENS
        if tok in ("", "n/a", "n.a.") or set(tok) <= set("-—–") or tok.startswith(("#", "err:"))
    ),
    # What an Excel PivotTable writes for rows with the field empty, copied out with the
    # figures: no creator, campaign or platform (kpi's own word for them, see kpis.BLANK);
    # German, French, Spanish, Portuguese, Italian, Dutch, Nordic and Polish Excel's words.
    "(blank)",
    "(leer)",
    "(vide)",
    "(en blanco)",
    "(vazio)",
    "(vuoto)",
    "(leeg)",
    "(tom)",
    "(puste)",
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
    "campaign_type",
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
    # Posts a row stands for, in exports of one row per creator (impact.com's and Aspire's
    # `Content`, Modash's `Total content`, a tracker's `Posts`): posts are their sum.
    "posts",
)

# Counts that are always whole: conversions are not (Google Ads attributes fractions of one).
WHOLE_COUNTS: frozenset[str] = frozenset(COUNT_COLUMNS) - {"conversions"}

MONEY_COLUMNS: tuple[str, ...] = ("revenue", "spend")

NUMERIC_COLUMNS: tuple[str, ...] = COUNT_COLUMNS + MONEY_COLUMNS
# The figures a post's row adds to the sums: two files listing one post, both with one of
# these, count it twice; a file with none of another's (a per-post fee sheet beside the posts
# export) adds nothing twice (verify G V-3). A creator's followers are a level, not a figure.
FIGURES: frozenset[str] = frozenset(NUMERIC_COLUMNS) - {"followers"}
# The figures only a post (or a set of posts) has: a file with none of them lists something
# else (read/frames.not_posts).
POST_FIGURES: frozenset[str] = frozenset(
    {"reach", "impressions", "views", "completed_views", "likes", "comments", "shares", "saves",
     "engagements", "profile_visits"}
)  # fmt: skip
# What a post's row holds: those, or what the post brought. A tracker's row with one of them is
# a post, link or not (frames._figured, frames._Merged).
POST_ROW_FIGURES: frozenset[str] = POST_FIGURES | {"clicks", "conversions", "revenue"}
# Columns a post's row has a cell in and a blank-labelled subtotal's has not (its date, platform,
# campaign): a tracker's row without a post ID is a post by its figures and one of these
# (sniff._merged_posts).
POST_CONTEXT: tuple[str, ...] = ("date", "platform", "tier", "campaign", "format", "client")
CANONICAL: tuple[str, ...] = DIMENSIONS + NUMERIC_COLUMNS

# Dimensions whose distinct values `kpi score` counts in every group (activated influencers, ...).
COUNTED_DIMENSIONS: tuple[str, ...] = ("influencer", "tier", "platform")

# A batch column, on the rows of a file whose rows are not posts (an ads manager's campaigns or
# days, a fee sheet's creators): why. The reader sets it (read/frames.py), the sums count those
# rows as no posts (kpis.Aggregator).
NOT_POSTS = "_not_posts"
# A batch column, on the rows of a file whose rows are days of an account: why its followers
# are a level, not a count to add up (audit H-2). Engagement rate by followers has no figure
# for a group with such rows (kpis._plan).
FOLLOWERS_LEVEL = "_followers_level"
# A batch column, on the rows of a file whose rows are days of an account (Pinterest Analytics'
# `Total audience`, Meta Business Suite's daily reach) or an ads manager's days of campaigns or
# ads (Meta Ads Manager by day): why its reach is each day's distinct people, which do not add
# up over days. Reach and frequency have no figure for a group whose such rows span more than
# one distinct day (kpis._of_days); campaigns' rows of one day add up.
REACH_DAYS = "_reach_days"
# The sums' column counting such rows without a date: each one more day (kpis._of_days).
REACH_UNDATED = "_reach_undated"
# A batch column, on the rows of a file whose column was read from a header its profile reads
# only when nothing else feeds that column (Sprout's Engagements, which count clicks too: audit
# HV-1): `column:note`. The KPIs standing on that column carry the note and get no verdict
# (kpis.kpi_table).
READ_ALONE = "_read_alone"
# A batch column of a file without post IDs: a hash of each row's cells that name it but are
# not read (an ad's campaign and ad group), so rows alike in every figure but named apart are
# not taken for the same line twice (kpis._SameRows; audit A-8).
NAMES = "_names"


def score_needs(by: Iterable[str] = ()) -> set[str]:
    """The canonical columns `kpi score` reads, grouping on `by`: campaign, format, ... stay unread
    unless grouped on. Here (not with the math) so the reader can start before pandas loads."""
    return {*NUMERIC_COLUMNS, *COUNTED_DIMENSIONS, "post_id", "date", *by}


class ColumnSet(NamedTuple):
    """The canonical columns one kind of input is read into, with their aliases.

    `kpi score` reads campaign exports (SCORE_COLUMNS); `kpi lift` reads a brand's daily
    series and `kpi retention` an agency client list, whose headers mean other things
    (a daily file's `Spend` is the brand's whole marketing spend, not a creator fee).
    """

    name: str
    dimensions: tuple[str, ...]
    counts: tuple[str, ...]
    money: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]  # spellings besides the canonical name (none for score:
    # campaign exports are read through the export profiles, see kpi_cli/read/profiles.py)
    example: str  # headers to suggest when none is recognised
    # Aliases read only when no other header of their column is there: they mean the
    # column in some tools and something else in others (a ledger's `Account`).
    weak: frozenset[str] = frozenset()

    @property
    def numeric(self) -> tuple[str, ...]:
        return self.counts + self.money

    @property
    def canonical(self) -> tuple[str, ...]:
        return self.dimensions + self.numeric

    @property
    def named(self) -> tuple[str, ...]:
        """The dimensions that name things (creators, campaigns, platforms...), read as codes into
        each file's dictionary of values (labels.Categories): all but the date and post IDs."""
        return tuple(key for key in self.dimensions if key not in ("date", "post_id"))


SCORE_COLUMNS = ColumnSet(
    "campaign export", DIMENSIONS, COUNT_COLUMNS, MONEY_COLUMNS, {},
    "Impressions, Link clicks, Amount spent",
)  # fmt: skip

# A brand's own daily series for before/after KPIs (`kpi lift`). `Spend` here is the
# brand's marketing spend, so both spellings land on `marketing_spend`.
DAILY_COLUMNS = ColumnSet(
    "brand daily series",
    # `channel`: what splits a day over several rows (an ads report's campaigns, a sheet's
    # platforms); each day is the sum of its rows (brand.prepare_daily, audit X).
    # `date end`: where a row's reporting period ends (Meta's `Reporting ends`): a day's row
    # ends where it starts (brand.prepare_daily, audit X).
    ("date", "channel", "date end"),
    ("mentions", "followers"),
    ("revenue", "marketing_spend"),
    {
        # Brandwatch's mentions-over-time chart export writes `Days` (audit P-9)
        # Meta's `Reporting starts` last: a `Day` column beside it is the day (audit X).
        "date": (
            "day", "days", "reporting date", "report date", "calendar date", "reporting starts",
            "datum", "tag", "fecha", "día", "data", "jour", "giorno",
        ),
        "date end": ("reporting ends",),
        "channel": (
            "campaign", "campaign name", "platform", "network", "social network", "source", "medium",
            "ad set name", "ad group", "ad group name", "default channel group",
            "session default channel group", "session source / medium", "marketing channel",
            # German, French, Spanish, Portuguese, Italian and Dutch sheets' words, as
            # profiles/influencer_tracker.yaml reads a tracker's (audit X)
            "kampagne", "plattform", "kanal", "campagne", "plateforme", "réseau", "réseau social",
            "campaña", "plataforma", "red social", "canal", "campanha", "rede social", "campagna",
            "piattaforma", "canale",
        ),
        # In this order whatever the file's (audits x #3, z #2-3): MER is the store's revenue
        # (Net sales first, as kpi score reads it) over all marketing spend, so an ad
        # platform's attributed value comes last, and a total spend before a bare `Spend`.
        "revenue": (
            "total revenue", "net sales", "sales revenue", "revenue usd", "gmv", "sales amount", "income",
            "sales", "total sales", "gross sales", "attributed revenue", "purchase value",
            "purchases conversion value", "conversion value", "conv value", "all conv value",
            "umsatz", "umsätze", "erlös", "chiffre d'affaires", "ca", "revenus", "ventes", "ingresos",
            "facturación", "ventas", "receita", "faturamento", "vendas", "fatturato", "ricavi", "vendite",
            "omzet",
        ),
        "marketing_spend": (
            "total marketing spend", "marketing spend", "total spend", "total media spend", "total cost",
            "spend", "ad spend", "media spend", "amount spent", "cost", "spent",
            "marketingausgaben", "marketingkosten", "werbeausgaben", "werbekosten", "ausgaben", "kosten",
            "dépenses marketing", "dépenses", "budget dépensé", "coût", "gasto en marketing",
            "gastos de marketing", "gasto", "inversión", "coste", "costo", "investimento", "custo",
            "spesa marketing", "spesa", "marketinguitgaven", "uitgaven",
        ),
        # Listening tools chart mentions by day as their `Volume` ("Mention Volume Over Time":
        # Brandwatch, in Hootsuite Insights, help.hootsuite.com 360038476174; Meltwater's
        # mentions trend): the mentions (audit P-9).
        "mentions": (
            "brand mentions", "mention count", "mentions count", "social mentions",
            "total mentions", "brand mention count", "volume", "mention volume", "mentions volume",
            "erwähnungen", "markenerwähnungen", "nennungen", "mentions de marque", "menciones", "menções",
            "menzioni", "vermeldingen",
        ),
        "followers": (
            "follower count", "followers count", "total followers", "brand followers",
            "subscribers", "audience size", "fans",
            "follower", "abonnenten", "followerzahl", "abonnés", "nombre d'abonnés", "seguidores", "volgers",
        ),
    },
    "Date, Revenue, Marketing spend, Mentions, Followers",
)  # fmt: skip

# An agency's client list for `kpi retention`: one row per client active in a period.
CLIENT_COLUMNS = ColumnSet(
    "client list",
    # status, transaction type and amount (read as text) tell rows that are no billing
    # (a void invoice, a credit memo, a failed charge) from activity: see retention.py.
    # `year` is its own column: a sheet's Year beside its Quarter gives the quarter its year.
    # `start_date` and `end_date`: a roster of clients with the day each signed and left.
    ("client", "period", "year", "status", "transaction_type", "amount", "start_date", "end_date"),
    (),
    (),
    {
        # Accounting exports (audit I-1): Xero's invoice export and import template write
        # `ContactName` and `InvoiceDate` (`*ContactName`, `*InvoiceDate` where required);
        # QuickBooks Online's invoice import `Customer`, `InvoiceDate` (its reports `Date`,
        # `Name`; the API TxnDate); FreshBooks' invoice details `Client Name`, `Date Issued`,
        # `Invoice Status`; Stripe's payments `Created date (UTC)`, `Customer Name`, its
        # invoices `Date (UTC)` beside `Customer`, its cus_ ID: read before `Customer Name`, which
        # may be blank (a blank client skips the row). A due or paid date is never the period.
        "client": (
            "client name", "customer", "customer name", "name", "contact name", "contact", "account",
            "account name", "brand", "brand name", "company", "advertiser",
            # a CRM's deal export: HubSpot's `Associated Company`, Pipedrive's organization (audit X)
            "company name", "associated company", "organization", "organisation", "organization name",
            # German, French, Spanish, Portuguese, Italian and Dutch invoice lists and sheets (audit X)
            "kunde", "kundenname", "nom du client", "cliente", "nombre del cliente", "nome do cliente",
            "nome cliente", "klant", "klantnaam",
        ),
        "period": (
            "quarter", "month", "active period", "active in", "date", "as of", "invoice date",
            "date issued", "issue date", "issued", "transaction date", "txn date", "created date",
            "created date (utc)", "created (utc)", "date (utc)",
            "monat", "quartal", "mois", "trimestre", "mes", "mês", "mese", "maand", "kwartaal",
            "rechnungsdatum", "datum", "date de facture", "date facture", "fecha", "fecha de factura",
            "fecha factura", "fecha de emisión", "data", "data fattura", "data da fatura", "data de emissão",
            "factuurdatum",
        ),
        "year": ("fiscal year", "fy", "jahr", "année", "año", "anno", "jaar"),
        # A roster: one row per client, the day it signed and the day it left (blank while it
        # stays); each client counts in every month between them (audit X).
        "start_date": (
            "start", "client since", "customer since", "contract start", "contract start date",
            "retainer start", "retainer start date", "engagement start", "onboarded", "onboarding date",
            "onboarded on", "signed", "signed date", "date signed", "signed on", "start month",
            "startdatum", "beginn", "kunde seit", "date de début", "client depuis", "fecha de inicio",
            "data di inizio", "data de início",
        ),
        "end_date": (
            "end", "churn date", "churned date", "date churned", "churned on", "contract end",
            "contract end date", "retainer end", "retainer end date", "engagement end", "end month",
            "cancellation date", "cancelled date", "canceled date", "date cancelled", "date canceled",
            "offboarded", "offboarding date", "offboarded on", "left on", "date left", "last day",
            "enddatum", "ende", "kündigungsdatum", "date de fin", "fecha de fin", "fecha de baja",
            "data di fine", "data de fim",
        ),
        # A tracker's client status (Active, Churned) and a CRM deal's stage (Salesforce's
        # Stage, HubSpot's Deal Stage, Pipedrive's Deal - Status: won, lost) say it too (audit X).
        "status": (
            "invoice status", "payment status", "client status", "account status", "deal status",
            "deal stage", "stage", "statut", "estado", "stato",
        ),
        "transaction_type": ("transaction type", "type", "trnstype"),
        # A tracker's retainer of the period: $0 is a client that no longer pays (audit X).
        "amount": (
            "total", "invoice total", "invoice amount", "monthly retainer", "retainer", "retainer amount",
            "monthly fee", "fee", "mrr",
            "betrag", "rechnungsbetrag", "montant", "montant ht", "montant ttc", "importe", "importo",
            "valor", "bedrag",
        ),
    },
    "Client, Period",
    # `Account` is the customer in a CRM (Salesforce's Account Name) but the ledger account
    # in accounting exports (QuickBooks' Transaction List: `Name` is the customer, `Account`
    # reads Accounts Receivable on every invoice): read it only when nothing else names the client.
    weak=frozenset({"account", "account name"}),
)  # fmt: skip
