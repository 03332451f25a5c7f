"""Property: fmt's figures are the ones its rules, written plainly, give.

`fmt._fixed` and the money and percent templates take shortcuts (format specs made once,
the common style's marks and templates without str.format, rounding in floats), because
JSON of 5,000 creators writes 150,000 displays. The reference below is the plain
statement of each rule, in exact decimal arithmetic; every style and unit must agree.
"""

from __future__ import annotations

import re
from decimal import ROUND_FLOOR, Decimal, localcontext

from hypothesis import example, given
from hypothesis import strategies as st

from kpi_cli import fmt


def _reference_units(value: float, decimals: int) -> int:
    """|value| in units of its last digit, rounded half away from zero, as people round
    (0.625 → 63 hundredths, not binary half-to-even's 62); a half less float error (1e-12
    of the figure, at most a millionth of the digit) is the half: 1.005 → 101."""
    with localcontext() as exact:
        exact.prec = 1000  # every digit of any float
        units = abs(Decimal(value)) * 10**decimals
        slack = min(units, Decimal(10**6)) * Decimal("1e-12")
        return int((units + Decimal("0.5") + slack).to_integral_value(ROUND_FLOOR))


def _reference_fixed(value: float, decimals: int, s: fmt.Style) -> str:
    units = _reference_units(value, decimals)
    text = f"{Decimal(units).scaleb(-decimals):,.{decimals}f}"
    if value < 0 and units:  # -0.00 is 0.00
        text = "-" + text
    return text.replace(",", "\0").replace(".", s.decimal).replace("\0", s.group)


def _reference_compact(value: float, s: fmt.Style, decimals: int | None = None) -> str:
    if abs(value) < fmt.COMPACT_FROM:
        if decimals is None:  # a fraction (0.33 conversions) keeps two decimals
            decimals = 0 if float(value).is_integer() else 2
        if value != 0 and _reference_units(value, decimals) == 0:
            return ("<" if value > 0 else ">-") + _reference_fixed(0.01, 2, s)
        return _reference_fixed(value, decimals, s)
    for size, suffix in ((1e3, "K"), (1e6, "M"), (1e9, "B"), (1e12, "T")):
        scaled = value / size
        decimals = 2 if abs(scaled) < 10 else 1 if abs(scaled) < 100 else 0
        if _reference_units(scaled, decimals) < 1000 * 10**decimals or suffix == "T":
            return _reference_fixed(scaled, decimals, s) + suffix
    raise AssertionError


def _reference_money(value: float, exact: bool, s: fmt.Style) -> str:
    def template(number: str, negative: bool) -> str:
        return s.money.format(sign="-" if negative else "", sym=s.symbol, num=number).strip()

    if not exact and abs(value) >= fmt.COMPACT_FROM:
        return template(_reference_compact(abs(value), s), value < 0)
    if value != 0 and _reference_units(value, 2) == 0:
        return ("<" if value > 0 else ">-") + template(_reference_fixed(0.01, 2, s), False)
    text = _reference_fixed(abs(value), 2, s)
    return template(text, value < 0 and text.strip("0.,' ") != "")


def _reference_percent(value: float, s: fmt.Style) -> str:
    d = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    if value != 0 and _reference_units(value, d) == 0:
        return ("<" if value > 0 else ">-") + s.percent.format(num=_reference_fixed(10.0**-d, d, s))
    return s.percent.format(num=_reference_fixed(value, d, s))


figures = st.one_of(
    st.floats(min_value=-1e16, max_value=1e16, allow_nan=False),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from(
        [0.0, -0.0, 0.004, -0.004, 0.005, 9_999.5, -9_999.5, 10_000, -10_000.0, 999_500.0, 99.995]
    ),
    # halves (0.625 → $0.63), a half stored a hair under (1.005), fractions of a count (0.33
    # conversions), a half past a float's cents (4.5e13 + 0.125)
    st.sampled_from([0.625, -0.625, 1.005, 2.675, 70.125, 40.25, 0.33, 1.5, 1.83, 0.004999999999999,
                     9_999.995, 45_035_996_273_704.125, 2.0**52 / 100 + 0.125, 999_499.5, 12_345.5]),
    # a figure a few bits off a half, as a quotient comes out (120.75 / 300 × 100)
    st.builds(
        lambda n, d, k: (n + 0.5) / 10**d * (1 + k * 2.0**-52),
        st.integers(0, 10**6),
        st.integers(0, 3),
        st.integers(-8, 8),
    ),
)  # fmt: skip
styles = st.sampled_from([*fmt.LOCALES.values(), fmt.style("fr", "CHF"), fmt.style("en", "€")])


@given(figures, styles)
@example(-0.001, fmt.EN)  # -0.00 is written 0.00
@example(999_999, fmt.EN)  # 1.00M, not 1000K
def test_counts_money_and_percents_follow_the_plain_rules(value: float, style: fmt.Style) -> None:
    assert fmt.formatter("count", style.symbol, s=style)(value) == _reference_compact(value, style)
    money = float(value)
    assert fmt.formatter("money", style.symbol, s=style)(value) == _reference_money(money, False, style)
    assert fmt.formatter("money", style.symbol, True, s=style)(value) == _reference_money(money, True, style)
    assert fmt.formatter("percent", style.symbol, s=style)(value) == _reference_percent(money, style)


def test_the_reference_is_the_rule_analysts_read() -> None:
    # Worked by hand: what the property test's reference says, so it cannot drift.
    assert _reference_compact(12_345, fmt.EN) == "12.3K"
    assert _reference_compact(999_999, fmt.EN) == "1.00M"
    assert _reference_money(-1_234.5, True, fmt.EN) == "-$1,234.50"
    assert _reference_money(1_234.5, True, fmt.LOCALES["de"].with_symbol("€")) == "1.234,50 €"
    assert _reference_money(48_200, False, fmt.EN) == "$48.2K"
    assert _reference_percent(0.00004, fmt.EN) == "<0.01%"
    assert _reference_percent(24.46, fmt.LOCALES["fr"]) == "24,5 %"
    assert _reference_money(0.625, True, fmt.EN) == "$0.63"  # half away from zero
    assert _reference_money(-0.625, True, fmt.EN) == "-$0.63"
    assert _reference_money(1.005, True, fmt.EN) == "$1.01"  # 1.00499999999999989 is the half
    assert _reference_percent(40.25, fmt.EN) == "40.3%"
    assert _reference_compact(0.33, fmt.EN) == "0.33"
    assert _reference_compact(2, fmt.EN, 2) == "2.00"


def test_people_s_rounding_worked_by_hand() -> None:
    # Half away from zero, as a spreadsheet rounds (audit B-8), not binary half-to-even:
    assert fmt.money(5.00 / 8, exact=True) == "$0.63"  # CPA 5.00 / 8 = 0.625, not $0.62
    assert fmt.money(420.75 / 6000 * 1000, exact=True) == "$70.13"  # RPM 70.125, not $70.12
    assert fmt.money(-5.00 / 8, exact=True) == "-$0.63"  # away from zero both ways
    assert fmt.percent((420.75 - 300) / 300 * 100) == "40.3%"  # ROI 40.25, not 40.2%
    assert fmt.money(1.005, exact=True) == "$1.01"  # stored 1.00499999999999989: the half it is
    assert fmt.money(0.624, exact=True) == "$0.62"
    # A count with a fraction (Google Ads' conversions, audit B-3): its fraction, not `0`.
    assert fmt.count(0.33) == "0.33"
    assert fmt.count(0.33 + 1.50) == "1.83"
    assert fmt.count(2) == "2"
    assert fmt.count(12_345.5) == "12.3K"  # compact as before: three figures


@given(st.lists(figures, min_size=1, max_size=12), st.sampled_from(["count", "money", "percent", "ratio"]))
def test_a_column_of_one_figure_writes_it_as_json_s_display(values: list[float], unit: str) -> None:
    # A table may give a figure more decimals than JSON's `display` only to share them with
    # the column's others (4.60% above 4.22%); on its own the two are one text, one rounding.
    for value in values:
        assert fmt.column(unit, [value])(value) == fmt.formatter(unit)(value)


money_totals = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.sampled_from([1.81, 0.625, 99.995, 99.5, 100.0, 100.5, 9_812.4, 9_999.5, 12_000.0, 179_412.0]),
)


@given(st.lists(money_totals | st.none(), min_size=1, max_size=12))
@example([1.81, 12_000.0])  # audit B-7: revenue $1.81 beside spend $12.0K was `$2`
def test_a_money_total_keeps_its_cents_under_100_whatever_its_column(values: list[float | None]) -> None:
    show = fmt.column("money", values)
    big = any(v is not None and abs(v) >= fmt.COMPACT_FROM for v in values)
    for v in values:
        if v is None:
            assert show(v) == "—"
        elif abs(v) >= fmt.COMPACT_FROM:
            assert show(v) == _reference_money(v, False, fmt.EN)  # $12.0K: three figures
        elif big and abs(v) >= 100:  # whole dollars beside $179K: still three figures or more
            assert show(v) == ("-$" if v < 0 else "$") + _reference_fixed(abs(v), 0, fmt.EN), (v, show(v))
        else:  # $1.81 stays $1.81: `$2` is 10 % off what the file says
            assert show(v) == _reference_money(v, False, fmt.EN), (v, show(v))


counts = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda v: round(v, 2)),
    st.sampled_from([0, 2, 0.33, 1.5, 1.83, 0.004, 9_999.995, 12_345.5]),
)


@given(st.lists(counts | st.none(), min_size=1, max_size=12))
@example([0.33, 1.5, 2, 3.83])  # audit B-3: conversions by campaign and their total
def test_a_count_column_with_a_fraction_shows_every_figure_s_two_decimals(values: list[float | None]) -> None:
    show = fmt.column("count", values)
    fraction = any(v is not None and abs(v) < fmt.COMPACT_FROM and v != int(v) for v in values)
    for v in values:
        if v is None:
            continue
        text = show(v)
        if abs(v) >= fmt.COMPACT_FROM:
            assert text == _reference_compact(v, fmt.EN)  # 12.3K, as before
        elif fraction:  # 0.33 above 2.00: never `0` and `2`
            assert text == _reference_compact(v, fmt.EN, 2), (v, text)
            assert re.fullmatch(r"[<>-]*[\d,]+\.\d\d", text), text
        else:
            assert text == _reference_fixed(v, 0, fmt.EN)  # whole counts stay whole: 3,096
