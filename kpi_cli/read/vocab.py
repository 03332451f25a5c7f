"""What a header says by itself: its normal form, its currency, whether it names money or a ratio.

Exports name one figure a dozen ways (`Amount spent (USD)`, `amount_spent_usd`,
`Montant dépensé (EUR)`); matching ignores case, accents, spaces and punctuation, and
a currency written into the header is taken off before the lookup and kept as the
column's currency. The words that mark a header as money (`$`, `(USD)`, `Amount`,
`Value`) or as a ratio (`CTR`, `Cost per result`, `Engagement rate`) decide what a
header may never be: money is never a count, a ratio is never summed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kpi_cli.lazy import lazy_compile

# ISO codes seen in ads managers' headers and cells, and the symbols that stand for them.
CURRENCY_CODES: frozenset[str] = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "CAD",
        "AUD",
        "NZD",
        "CHF",
        "JPY",
        "CNY",
        "HKD",
        "SGD",
        "INR",
        "BRL",
        "MXN",
        "ARS",
        "CLP",
        "COP",
        "PEN",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "TRY",
        "ZAR",
        "AED",
        "SAR",
        "ILS",
        "KRW",
        "TWD",
        "THB",
        "IDR",
        "MYR",
        "PHP",
        "VND",
        "NGN",
        "EGP",
        "KES",
        "UAH",
        "RUB",
        "ISK",
    ]
)
SYMBOLS: dict[str, str] = {  # symbol as written -> code (the longest spellings first when matching)
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "R$": "BRL",
    "MX$": "MXN",
    "HK$": "HKD",
    "S$": "SGD",
    "NT$": "TWD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",  # also CNY: see SHARED
    "￥": "JPY",  # the full-width yen Japanese Excel writes (`￥1,234`); also CNY
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "TL": "TRY",  # Turkish Windows' mark before ₺ (2012): `1.234,56 TL`
    "₪": "ILS",
    "zł": "PLN",
    "Kč": "CZK",
    "Ft": "HUF",  # `1 234 Ft`
    "lei": "RON",  # Romanian Windows: `1.234,56 lei`
    "лв.": "BGN",
    "kr": "SEK",  # also NOK, DKK, ISK: see SHARED
    "kr.": "DKK",  # Danish (and Icelandic) kroner, with the dot (CLDR da): `1.234,56 kr.`, `kr. 1.234,56`
    "₽": "RUB",
    "руб.": "RUB",
    "р.": "RUB",  # Russian Windows' mark before ₽: `1 234,56 р.`
    "₴": "UAH",
    "грн.": "UAH",
    "R": "ZAR",  # South Africa, before the number only: `R 1 234,56`, `R1,234.56` (see PREFIX_ONLY)
    "Rs": "INR",  # `Rs. 1,23,456`: India's (and Pakistan's, Sri Lanka's, Nepal's: see SHARED)
    "Rs.": "INR",
    "Rp": "IDR",  # Indonesian Excel: `Rp 1.234.567`, `Rp. 1.234.567`
    "Rp.": "IDR",
    "RM": "MYR",
    "₫": "VND",  # `1.234.567 ₫`
    "₱": "PHP",
    "฿": "THB",
    "₦": "NGN",
    "CHF": "CHF",
}
# Marks that stand for several currencies: the code SYMBOLS gives is a guess, said on stderr,
# unless a code beside them (a Currency column, a header's `(NOK)`, --currency) names one of these.
SHARED: dict[str, tuple[str, ...]] = {
    "kr": ("SEK", "NOK", "DKK", "ISK"),  # Swedish krona, Norwegian and Danish krone, Icelandic króna
    "kr.": ("DKK", "ISK"),
    "¥": ("JPY", "CNY"),  # yen and yuan alike (Chinese Excel writes ¥1,234.56 too)
    "￥": ("JPY", "CNY"),
    "Rs": ("INR", "PKR", "LKR", "NPR"),  # rupees of India, Pakistan, Sri Lanka, Nepal
    "Rs.": ("INR", "PKR", "LKR", "NPR"),
}
# Letters that are a currency only before the number (`R 1 234,56` is rand; `100 R` is not money).
PREFIX_ONLY: frozenset[str] = frozenset({"R", "RM", "Rp", "Rp.", "Rs", "Rs.", "NT$"})
# ... and only after it (`1 234,56 р.`, `1 234 Ft`).
SUFFIX_ONLY: frozenset[str] = frozenset({"р.", "руб.", "лв.", "грн.", "Ft", "lei"})
# How each currency is shown: the symbol analysts expect, else the code and a space.
DISPLAY: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "KRW": "₩",
    "BRL": "R$",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "MXN": "MX$",
    "HKD": "HK$",
    "SGD": "S$",
    "TRY": "₺",
    "ILS": "₪",
}


def symbol_for(code: str | None) -> str:
    """`€` for EUR, `CHF ` for a currency without a symbol of its own; `$` when unknown."""
    if code is None:
        return "$"
    return DISPLAY.get(code, f"{code} ")


@lru_cache(maxsize=4096)
def normalise(header: str) -> str:
    """Lowercase letters and digits only, accents off: `Montant dépensé (EUR)` → `montantdepenseeur`.

    Any script's letters are kept (`Ümsätze` → `umsatze`), so no header reduces to nothing
    just because it is not written in English."""
    return re.sub(r"[\W_]", "", _unaccented(header.strip().casefold()))


def _unaccented(text: str) -> str:
    """`dépensé` → `depense`: the letters without their accents (NFKD, combining marks off)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_CODES = "|".join(sorted(CURRENCY_CODES))
# Marks a header may end with: symbols, not letters (`Kosten €`, not `Umsatz lei` or `... kr.`).
_SYMBOLS = "|".join(
    re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True) if not s.rstrip(".").isalpha()
)
# `Amount spent (USD)`, `Cost [EUR]`, `Spend in EUR`, `Revenue USD`, `Sales ($)`, `Kosten (€)`, `Umsatz €`,
# and in a column name a program wrote: `Cost_USD`, `amount_spent_in_eur` (audit A-6)
_HEADER_CURRENCY = lazy_compile(
    rf"\s*(?:[(\[]\s*(?:in\s+)?(?P<a>{_CODES}|{_SYMBOLS})\s*[)\]]"
    rf"|[\s_](?:in[\s_]+)?(?P<b>{_CODES})|\s*(?P<c>{_SYMBOLS}))\s*$",
    re.IGNORECASE,
)


def split_currency(header: str) -> tuple[str, str | None]:
    """The header without a trailing currency, and that currency's code (None if none).

    `Amount spent (USD)` → (`Amount spent`, `USD`); `Kosten (€)` → (`Kosten`, `EUR`)."""
    match = _HEADER_CURRENCY.search(header)
    if match is None or match.start() == 0:
        return header, None
    written = match.group("a") or match.group("b") or match.group("c")
    code = written.upper() if written.upper() in CURRENCY_CODES else SYMBOLS.get(written)
    return header[: match.start()].rstrip(" -_:"), code


# Words that make a header money whatever else it says (`Sales ($)`, `Purchase value`, `Amount`).
_MONEY_WORDS = lazy_compile(
    r"\b(amount|value|revenue|spend|spent|cost|costs|fee|fees|budget|price|gmv|income|earnings|payout|"
    r"paid amount|umsatz|umsätze|kosten|betrag|wert|honorar|ausgaben|montant|valeur|coût|cout|"
    r"dépense|depense|chiffre d'affaires|importe|valor|gasto|gastos|ingresos|custo|receita|investimento|"
    r"importo|valore|spesa|ricavi|costo|entrate)\b",
    re.IGNORECASE,
)
# Words and marks of a ratio: never summed, never taken as a count or money total.
_RATIO_WORDS = lazy_compile(
    r"(%|\b(ctr|cpm|cpc|cpa|cpe|cpv|cpi|cpl|ecpm|ecpc|ecpsu|roas|roi|aov|frequency|rate|ratio|per|"
    r"average|avg|mean|median|click[- ]through|percent|percentage|share of|"
    r"taux|fréquence|frequence|moyen|moyenne|par|"
    r"rate|quote|häufigkeit|haufigkeit|durchschnitt|durchschnittlich|pro|je|"
    r"tasa|frecuencia|promedio|por|taxa|frequência|frequencia|"
    r"tasso|frequenza|medio|per)\b"
    # `media` is an average closing a header (`Frecuencia media`) or before `de` (`Média de
    # cliques`); not in `Media cost` or `Social media spend`.
    r"|\bm[eé]dia\s*$|\bm[eé]dia\s+(?:de|di|del|dei|do|da|dos|das)\b)",
    re.IGNORECASE,
)
# What a ratio header is, when kpi computes the same KPI from counts (the file's column is
# then compared with kpi's figure, never used for it). First match wins; each compiled when
# first tried (most exports have no ratio column).
_RATIO_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kpi, lazy_compile(pattern, re.IGNORECASE))
    for kpi, pattern in (
        ("cpm", r"\bcpm\b|cost per (1,?000|thousand|mille)(?! (people|accounts|reached|persons))|"
                r"coût pour 1 ?000(?! personnes)|kosten pro 1\.?000(?! erreichte)|"
                r"costo por (1\.?000|mil)|custo por (1\.?000|mil)|costo per 1\.?000"),
        ("cpc", r"\bcpc\b|cost per (link )?click|coût par clic|kosten pro (link-?)?klick|"
                r"costo por clic|custo por clique|costo per clic"),
        ("cpa", r"\bcpa\b|cost per (conversion|purchase|acquisition|order|conv)|cost ?/ ?conv|"
                r"coût par (conversion|achat)|kosten pro (conversion|kauf)|costo por (conversión|compra)|"
                r"custo por (conversão|compra)|costo per (conversione|acquisto)"),
        ("cpe", r"\bcpe\b|cost per engagement"),
        ("ctr", r"\bctr\b|click[- ]?through|taux de clics|klickrate|tasa de clics|"
                r"taxa de cliques|tasso di clic|percentuale di clic|porcentaje de clics"),
        ("frequency", r"frequen|fréquence|häufigkeit|haufigkeit"),
        ("roas", r"\broas\b|return on ad spend|retour sur les dépenses|rendimiento de la inversión"),
        # Not one by followers, fans, reach, audience or views (Socialinsider's `Engagement Rate
        # by Followers`, Rival IQ's `Engagement Rate by Follower`): kpi's is by impressions, and
        # the file's compared with it "differed" on every row (audit P-12).
        ("engagement_rate", r"engagement[- ]?rate(?!\s*[(\[]?\s*(?:by|per|/)\s*(?:follower|fan|reach|"
                            r"audience|view|subscriber))|\ber\b|taux d'engagement|"
                            r"tasa de (interacción|engagement)|taxa de (engajamento|interação)|"
                            r"tasso di (interazione|engagement)|interaktionsrate"),
        ("conversion_rate", r"conv(ersion)?\.? rate|\bcvr\b|taux de conversion|conversionrate|"
                            r"conversion-?rate|tasa de conversión|taxa de conversão|tasso di conversione"),
        ("video_completion_rate", r"completion rate|view[- ]through rate|\bvtr\b"),
    )
)  # fmt: skip


def is_money(header: str) -> bool:
    """Whether a header names an amount of money (`Sales ($)`, `Purchase value`, `Kosten`)."""
    bare, code = split_currency(header)
    return code is not None or _MONEY_WORDS.search(bare) is not None


def is_ratio(header: str) -> bool:
    """Whether a header names a ratio or an average (`CTR`, `Cost per result`, `Avg. CPC`, `Rate`)."""
    return _RATIO_WORDS.search(header) is not None


def ratio_kind(header: str) -> str | None:
    """The KPI a ratio header stands for (`ctr`, `cpm`, ...) when kpi computes it too, else None."""
    for kpi, pattern in _RATIO_KINDS:
        if pattern.search(header):
            return kpi
    return None


# Statuses of a row that was billed or sold and then taken back: a void invoice, a declined
# commission. `kpi retention` leaves such rows out of a client list (retention.py), `kpi score`
# out of an affiliate network's transactions (read/frames.py).
VOID_STATUS: frozenset[str] = frozenset(
    {"void", "voided", "deleted", "failed", "declined", "refunded", "canceled", "cancelled"}
)
# An affiliate network's transaction that is no sale: impact.com's actions are APPROVED,
# PENDING, REVERSED or N/A (help.impact.com, "Action Listing Based on Clearing Date": Status);
# Awin's commissions pending, approved, declined or deleted (help.awin.com, "Understanding the
# data fields in the Transactions report": commission_status; Awin's transaction schema's
# enum); Refersion's conversions PENDING, APPROVED, UNQUALIFIED or DENIED (Refersion's
# conversion schema, `status`); ShareASale voids a refunded order (help.shareasale.com, "How to
# Void/Edit a Transaction"). Their sale amount and commission are not the campaign's.
# Audit O-5: Tapfiliate's and Daisycon's `disapproved` conversions; TikTok Shop's `Ineligible`
# affiliate orders, "canceled or refunded. No commission will be earned" (seller-th.tiktok.com,
# Affiliate Order Page), were counted as sales.
NOT_A_SALE_STATUS: frozenset[str] = VOID_STATUS | frozenset(
    {"reversed", "reversal", "denied", "rejected", "unqualified", "returned", "invalid", "fraud",
     "chargeback", "charged back", "reversed returned", "voided reversed", "disapproved",
     "ineligible", "not eligible"}
)  # fmt: skip
# ... and those of a sale, paid or still to be: counted.
SALE_STATUS: frozenset[str] = frozenset(
    {"approved", "pending", "locked", "paid", "confirmed", "open", "cleared", "uncleared", "payable",
     "completed", "complete", "accepted", "valid", "unpaid", "new", "extended", "in review",
     "under review", "awaiting approval", "active", "bonus", "closed", "settled", "not settled",
     "unsettled"}
)  # fmt: skip
# A flag column of voided rows (ShareASale's `Voided`: 1 on a voided transaction, blank else).
VOIDED_FLAG: frozenset[str] = frozenset({"1", "yes", "y", "true", "x", "void", "voided"})
NOT_VOIDED_FLAG: frozenset[str] = frozenset({"0", "no", "n", "false"})


def status_word(value: object) -> str:
    """A status cell as the lists above spell it: `REVERSED`, ` Reversed `, `charged_back`."""
    if not isinstance(value, str):
        return ""
    return " ".join(re.sub(r"[_\-/()]", " ", value).split()).casefold()


def counts_as_sale(value: object, flag: bool = False) -> bool | None:
    """Whether a transaction with this status (`flag`: this cell of a Voided column) is a sale
    kpi counts (True), one taken back (False), or a word kpi does not know (None). A blank
    cell is a sale."""
    word = status_word(value)
    if not word or word in ("n a", "na", "none"):  # impact.com's `N/A`: no status, as a blank
        return True
    if flag:
        return False if word in VOIDED_FLAG else True if word in NOT_VOIDED_FLAG else None
    return False if word in NOT_A_SALE_STATUS else True if word in SALE_STATUS else None


# A payment's or incentive's status in an influencer platform's payments export (audit L-3):
# counted once paid. Later Influence's incentives are Pending, Ready, Fulfilled, Rejected or
# Draft, "only Fulfilled incentives are included in cost reporting" (help-influence.later.com,
# "Incentive Fulfillment"); its transactions Pending ("payment initiated; funds not yet
# moving"), Complete or Failed ("Transactions"); Upfluence's payment requests Unclaimed,
# Ready to pay or Paid (help.upfluence.co, "Upfluence Payment Tool").
PAID_STATUS: frozenset[str] = frozenset(
    {"paid", "fulfilled", "complete", "completed", "sent", "succeeded", "success", "settled", "processed",
     "delivered", "withdrawn"}
)  # fmt: skip
NOT_PAID_STATUS: frozenset[str] = VOID_STATUS | frozenset(
    {"pending", "ready", "ready to pay", "unclaimed", "draft", "rejected", "unpaid", "awaiting payment",
     "on hold", "scheduled", "requested", "reversed", "returned", "expired"}
)  # fmt: skip
# A transaction's type in Later Influence's ledger: a payment to a creator, or none (a Refund
# is made when a payment fails, which is left out already; Funds Increase / Decrease "don't
# move real money"). An incentives export's types (cash, gift card, product, promo code,
# other) are each something the creator was given.
PAYMENT_TYPE: frozenset[str] = frozenset(
    {"cash payment", "gift card payment", "cash", "gift card", "product", "promo code", "other", "payment",
     "flat fee", "commission", "bonus"}
)  # fmt: skip
NOT_A_PAYMENT_TYPE: frozenset[str] = frozenset(
    {"refund", "funds increase", "funds decrease", "deposit", "top up"}
)


def counts_as_paid(value: object) -> bool | None:
    """Whether a payment with this status is counted in spend (True), not paid yet or at all
    (False), or a word kpi does not know (None). Spend is what was paid: a `Pending` Stripe
    transaction (initiated, its funds not moving yet) is left out with the rest, said. A blank
    cell is paid."""
    word = status_word(value)
    if not word or word in ("n a", "na", "none"):
        return True
    return False if word in NOT_PAID_STATUS else True if word in PAID_STATUS else None


def counts_as_payment(value: object) -> bool | None:
    """Whether a row of this type is a payment to a creator (True), none (False), or a type kpi
    does not know (None). A blank cell is a payment."""
    word = status_word(value)
    if not word:
        return True
    return False if word in NOT_A_PAYMENT_TYPE else True if word in PAYMENT_TYPE else None


# A post's stage in a tracker (audit J-6). Live: counted. Not live yet, or never: a row
# without figures is left out of every figure, its fee too (a scheduled post's fee is no
# cost of what the campaign delivered yet); with figures it is kept, and said (a status not
# updated since the post went live). Words neither list has are kept and said.
POST_LIVE: frozenset[str] = frozenset(
    {"posted", "live", "published", "complete", "completed", "done", "delivered", "went live",
     "posted live", "is live", "online", "up", "paid", "invoiced", "reported", "veroffentlicht",
     "gepostet", "publie", "publicado", "pubblicato"}
)  # fmt: skip
POST_NOT_LIVE: frozenset[str] = frozenset(
    {"scheduled", "draft", "drafted", "draft requested", "draft submitted", "pending", "in progress",
     "planned", "planning", "to do", "todo", "not started", "in review", "under review",
     "awaiting approval", "awaiting content", "awaiting draft", "script needed", "approve needed",
     "approval needed", "not posted", "not live", "upcoming", "queued", "outreach", "contacted",
     "negotiating", "negotiation", "shortlisted", "onboarding", "briefed", "product sent",
     "shipped", "on hold", "cancelled", "canceled", "declined", "rejected", "dropped", "no show",
     "ghosted", "removed", "deleted", "failed", "geplant", "entwurf", "storniert", "abgesagt",
     "programme", "brouillon", "annule", "programado", "borrador", "cancelado", "programmato",
     "bozza", "annullato", "tbd", "tbc", "tba", "not yet", "waiting", "on going", "ongoing"}
)  # fmt: skip


def counts_as_post(value: object) -> bool | None:
    """Whether a tracker row with this status is a live post (True), one not live yet or
    dropped (False), or a word kpi does not know (None). A blank cell is a post."""
    word = _unaccented(status_word(value))
    if not word or word in ("n a", "na", "none"):
        return True
    return False if word in POST_NOT_LIVE else True if word in POST_LIVE else None


# ---------------------------------------------------------------- totals labels
# (moved from totals.py, which re-exports them, so that the sniff reads them too: audit Y)

# A spreadsheet's statistics under its total, in the languages of Excel's Data › Subtotal
# (`Average`, sv `Medel`/`Medelvärde`, pl `Średnia`, nl `Gemiddelde`, tr `Ortalama`, cs
# `Průměr`, da `Gennemsnit`, no `Gjennomsnitt`, fi `Keskiarvo`, hu `Átlag`, id `Rata-rata`,
# ja/zh `平均`, ko `평균`). Not `Max` or `Media`: a creator's and a campaign's names too
# (`Spring Media` beside `Spring` is a campaign, not Spring's average: only `média`).
STATISTICS = (
    r"(?:grand\s+)?(?:averages?|avg\.?)|totalt\s+medel|mean|median|durchschnitt|mittelwert|moyenne"
    r"|promedio|média|gemiddelde|medel(?:v[äa]rde)?|genomsnitt|gennemsnit|gjennomsnitt|keskiarvo"
    r"|średnia|průměr|priemer|ortalama|átlag|rata-rata|平均(?:值|値|數|数)?|평균"
)
# Total words of the languages Excel and the ads managers write beyond en/de/fr/es/pt/it.
# Each was seen as a totals or grand-total row label (audit l #1): sv `Summa`/`Totalsumma`
# /`Totalt`, no `Totalsum`, da `I alt`/`Hovedtotal` (a Danish pivot's grand total), fi
# `Yhteensä`/`Kokonaissumma`, pl `Razem`/`Łącznie`/`Suma końcowa` (ROLLUP's grand total in
# Microsoft's Polish docs), cs `Celkem`/`Celkový součet`, sk `Spolu`, hu `Összesen`/
# `Végösszeg`, tr `Toplam`/`Genel Toplam`, nl `Totaal`/`Eindtotaal`, id `Jumlah`, ja `合計`
# /`総計`/`小計`/`集計`, ko `합계`/`총계`/`총합계`/`소계` (a Korean reader's total keywords),
# zh `总计`/`合计`/`總計`/`小计`/`汇总`.
_WORDS = (
    r"summa|totalsumma|totalt|delsumma|totalsum|i\s+alt|hovedtotal|yhteens[äa]|kokonaissumma"
    r"|v[äa]lisumma|razem|łącznie|og[óo]łem|suma\s+(?:ko[ńn]cowa|cz[ęe][śs]ciowa)|celkem"
    r"|celkov[ýy]\s+sou[čc]et|mezisou[čc]et|spolu|celkov[ýy]\s+s[úu][čc]et|[öo]sszesen|v[ée]g[öo]sszeg"
    r"|r[ée]sz[öo]sszeg|(?:genel\s+|ara\s+)?toplam|totaal|eindtotaal|subtotaal|jumlah"
    r"|总计|合计|合計|總計|総計|小计|小計|集計|汇总|彙總|합계|총계|총합계|소계"
)
# Words that open a `Word: what` summary label (Google Ads' `Total: Account`, ja `合計:
# キャンペーン`, sv `Totalt: konto`, nl `Totaal: campagnes`), an ASCII or a full-width colon.
_COLON = (
    r"totale|gesamt|summe|insgesamt|totaal|suma|totaux|totalt|summa|toplam|razem|celkem|jumlah"
    r"|yhteens[äa]|[öo]sszesen|合計|合计|总计|總計|総計|합계|총계"
)
# Both Python's re and RE2 (Arrow) read this; case is ignored by the (?i) flag.
# A period's total in a sheet kept by hand (`Q1 total`, `Total Q1-Q2`, `2025 total`, `March
# total`; audit x #2): the period, then or after `total`.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A quarter, a half, a month, year to date or a fiscal year, with or without its year, or a
# range of them (`Q1-Q2`, `Jan–Mar`); not a year alone (`Total 2025` may be a campaign).
_ONE = rf"(?:q[1-4]|h[12]|{_MONTH}|ytd|fy\s*\d{{2,4}}|\d{{4}}[-/\s]?q[1-4])"
_PERIOD = rf"(?:{_ONE}(?:\s*[-–]\s*{_ONE})?(?:\s+\d{{4}})?)"
# What a label may be wrapped in (audit s41 M #1): `(Total)`, `[Total]`, `"Total"` (a cell
# holding the quotes, CSV `"""Total"""`), `“Total”`, `- Total -`, `*Total*`, `== Total ==`,
# `<Total>`, `« Total »`, as sheets kept by hand and report builders set a totals row apart.
# Only around a label that is a total by itself: `(Total Wellness)` stays a campaign.
WRAP_OPEN = r"[(\[{<\"“„«*=\-–—]+\s*"
WRAP_CLOSE = r"\s*[)\]}>\"”“»*=\-–—]+"
WRAP_CLOSING = r")\]}>\"”“»*=\-–—"  # the characters of WRAP_CLOSE, for a class
OPEN = rf"(?:{WRAP_OPEN})?"
CLOSE = rf"(?:{WRAP_CLOSE})?"
TOTALS = (
    rf"(?i)^\s*'?{OPEN}(?:"  # `'Total`: the mark of a spreadsheet's text cell (labels.unmarked)
    rf"{_PERIOD}\s+totals?|totals?\s+{_PERIOD}(?:\s*[-–]\s*{_PERIOD})?|"
    r"(?:grand\s+|sub-?\s*)?totals?(?:\s*[:(：（].*|\s+(?:of|de|des|di|von)\s+\d+.*"
    r"|\s+(?:g[ée]n[ée]ral|geral|generale|complessivo|global|keseluruhan))?"
    rf"|(?:{_COLON})\s*[:(：（].*"  # `Gesamt: Konto`, `Totale: account`, `合計: アカウント`
    r"|(?:totale|insgesamt|gesamt)\s+(?:of|de|des|di|von)?\s*\d+.*"  # `Totale di 3 risultati`
    r"|gesamt(?:summe|ergebnis|wert|betrag)?|insgesamt|summe|zwischensumme|gesamtsumme|sum|summary"
    r"|totale(?:\s+(?:complessivo|generale))?|totaux|sous-total|subtotale"
    r"|suma(?:\s+total)?|totales|total\s+geral|total\s+general"
    r"|results\s+from\s+\d+\s+\w+(?:\s+\w+)?|r[ée]sultats\s+de\s+\d+\s+\w+|ergebnisse\s+von\s+\d+\s+\w+"
    # A spreadsheet's statistics under its total (`Average`, `Mittelwert`): never a sum,
    # never a creator.
    rf"|{STATISTICS}"
    rf")\s*:?{CLOSE}\s*$"
)
# _WORDS are everyday words and names too (pl `Razem` "together", sk `Spolu`, a creator
# called `Summa`, audit s #5): a row they label is a total only at an end of the file (the
# first row, the closing rows) or when its figures add up to the rows above it. WORDS
# finds them; STRONG the labels that make a totals row wherever it sits; TOTALS either.
WORDS = rf"(?i)^\s*'?{OPEN}(?:{_WORDS})\s*:?{CLOSE}\s*$"
STRONG = TOTALS
TOTALS = rf"(?i)^\s*(?:{TOTALS.removeprefix('(?i)^')}|{WORDS.removeprefix('(?i)^')})"
_PY_TOTAL_LABEL = lazy_compile(TOTALS)


def is_total_label(label: str) -> bool:
    """Whether one cell reads as a totals or statistics row's label (`Total`, `Grand total`,
    `Gesamt`, `Average`; `Razem` too), as totals.is_total reads it without a profile's own."""
    return bool(_PY_TOTAL_LABEL.match(label))
