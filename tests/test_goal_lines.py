"""Goal and statistic lines under a tracker's total (audit T-4, T-5, T-9).

Campaign trackers set goals beside actuals (`Goal`, `Target`, `Budget` under `Total`), and
Excel's table Total Row and Sheets' quick sums offer Max, Min and Count beside Sum and
Average. Each such line was read as one more creator with one more post, and the `Total` that
said so was no longer checked (it was not the last row).

Every file: @anna 15,000 impressions, 600 likes, 40 comments, $1,200; @ben 90,000, 2,000, 150,
$3,000; @cara 8,000, 400, 20, $150. By hand: impressions 15,000 + 90,000 + 8,000 = 113,000,
engagements (600 + 40) + (2,000 + 150) + (400 + 20) = 3,210, spend 1,200 + 3,000 + 150 =
4,350: what the file's own `Total` line says.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from kpi_cli.cli import app

HEAD = (
    "Creator,Post date,Followers,Impressions,Likes,Comments,Fee\n"
    '@anna,3/3/2025,"12,000","15,000",600,40,"$1,200.00"\n'
    '@ben,3/4/2025,"85,000","90,000","2,000",150,"$3,000.00"\n'
    '@cara,3/20/2025,"4,000","8,000",400,20,$150.00\n'
    ",,,,,,\n"
    'Total,,"101,000","113,000","3,000",210,"$4,350.00"\n'
)


def _three_posts(doc: dict[str, Any]) -> None:
    kpis = doc["total"]["kpis"]
    assert doc["rows"] == 3
    assert kpis["posts"]["value"] == 3
    assert kpis["activated_influencers"]["value"] == 3
    assert kpis["impressions"]["value"] == 15_000 + 90_000 + 8_000
    assert kpis["engagements"]["value"] == (600 + 40) + (2_000 + 150) + (400 + 20)
    assert kpis["total_spend"]["value"] == pytest.approx(1_200 + 3_000 + 150)
    assert kpis["cost_per_post"]["value"] == pytest.approx(4_350 / 3)  # 1,450


@pytest.mark.parametrize("word", ["Goal", "Target", "Budget", "Forecast", "KPI", "Benchmark", "Goals:"])
def test_a_goal_line_under_the_total_is_left_out(scored: Any, write: Any, word: str) -> None:
    # Scored, the goal line was a 4th creator: 263,000 impressions, $9,350, 4 posts.
    doc, err = scored(write(HEAD + f'{word},,,"150,000","4,000",300,"$5,000.00"\n'))
    _three_posts(doc)
    assert [(d["row"], d["label"]) for d in doc["reading"][0]["dropped"]] == [
        (6, "Total"),
        (7, word),
    ]
    assert "dropped row 7" in err and "under the summary line at row 6, no date" in err
    assert "--by" not in err
    by, _ = scored(
        write(HEAD + f'{word},,,"150,000","4,000",300,"$5,000.00"\n', "by.csv"), "--by", "influencer"
    )
    assert sorted(g["label"] for g in by["groups"]) == ["@anna", "@ben", "@cara"]


def test_a_percent_of_goal_line_under_the_total_is_left_out(scored: Any, write: Any) -> None:
    # `75%` under Impressions was refused, advising --map 'Impressions=ignore' (which would drop
    # the impressions and still count the `Goal` line).
    text = HEAD + 'Goal,,,"150,000","4,000",300,"$5,000.00"\n' + "% of goal,,,75%,75%,70%,87%\n"
    doc, _ = scored(write(text))
    _three_posts(doc)
    assert [d["row"] for d in doc["reading"][0]["dropped"]] == [6, 7, 8]


def test_a_percent_of_goal_line_among_the_posts_is_named_as_not_data(write: Any) -> None:
    # Not under a total: kpi does not leave it out, and says what the line is and to remove it.
    text = (
        "Creator,Post date,Impressions,Likes,Fee\n"
        '@anna,3/3/2025,"15,000",600,"$1,200.00"\n'
        "% of goal,,75%,70%,87%\n"
        '@ben,3/4/2025,"90,000","2,000","$3,000.00"\n'
    )
    result = CliRunner().invoke(app, ["score", write(text), "-f", "json"])
    assert result.exit_code == 2
    message = result.stderr.splitlines()[-1]
    assert "row 3 ('% of goal') is a goal or target line, not data" in message
    assert "remove the goal and statistic lines" in message
    assert "--map" not in message


@pytest.mark.parametrize(
    "lines",
    [
        # Excel's Total Row functions under Total and Average: Max repeats @ben's figures, Min @cara's
        (
            'Average,,"33,667","37,667","1,000",70,"$1,450.00"\n'
            'Max,,"85,000","90,000","2,000",150,"$3,000.00"\n'
            'Min,,"4,000","8,000",400,20,$150.00\n'
        ),
        # `Count`'s 3 was read as $3 of fee and 3 impressions; a note under them stays a note
        (
            'Median,,"12,000","15,000",600,40,"$1,200.00"\n'
            "Count,,3,3,3,3,3\n"
            'Maximum,,"85,000","90,000","2,000",150,"$3,000.00"\n'
            'Minimum,,"4,000","8,000",400,20,$150.00\n'
            "Notes: fees exclude VAT,,,,,,\n"
        ),
    ],
)
def test_statistic_lines_under_the_total_are_left_out(scored: Any, write: Any, lines: str) -> None:
    doc, _ = scored(write(HEAD + lines))
    _three_posts(doc)
    dropped = {d["label"]: d["why"] for d in doc["reading"][0]["dropped"]}
    assert set(dropped) >= {"Total"} | {line.split(",")[0] for line in lines.splitlines()}
    assert any("a maximum, not a sum" in why for why in dropped.values())


def test_a_creator_called_max_with_a_date_stays_a_creator(scored: Any, write: Any) -> None:
    # `Max` among the posts, dated, above the total: a creator (90,000 impressions, $3,000);
    # and the Goal line under the total is still left out.
    text = HEAD.replace("@ben", "Max") + 'Goal,,,"150,000","4,000",300,"$5,000.00"\n'
    doc, _ = scored(write(text), "--by", "influencer")
    _three_posts(doc)
    groups = {g["label"]: g["kpis"] for g in doc["groups"]}
    assert set(groups) == {"@anna", "Max", "@cara"}
    assert groups["Max"]["impressions"]["value"] == 90_000
    assert groups["Max"]["total_spend"]["value"] == pytest.approx(3_000)


def test_max_and_target_without_a_total_are_creators(scored: Any, write: Any) -> None:
    # No total line above them: names like any other (15,000 + 90,000 + 1,000 impressions).
    text = (
        "Creator,Impressions,Likes,Fee\n"
        'Max,"15,000",600,"$1,200.00"\n'
        '@ben,"90,000","2,000","$3,000.00"\n'
        'Target,"1,000",20,"$100.00"\n'
    )
    doc, _ = scored(write(text))
    assert doc["rows"] == 3
    assert doc["total"]["kpis"]["impressions"]["value"] == 15_000 + 90_000 + 1_000
    assert doc["reading"][0]["dropped"] == []


def test_an_undated_max_under_a_total_with_posts_after_it_is_refused(write: Any) -> None:
    # Under the first week's total, undated, and more posts after it: a statistic line or a
    # creator called Max without a date? kpi cannot tell, and says so.
    text = (
        "Creator,Post date,Impressions,Likes,Fee\n"
        '@anna,3/3/2025,"15,000",600,"$1,200.00"\n'
        'Total,,"15,000",600,"$1,200.00"\n'
        'Max,,"15,000",600,"$1,200.00"\n'
        '@cara,3/20/2025,"8,000",400,$150.00\n'
    )
    result = CliRunner().invoke(app, ["score", write(text), "-f", "json"])
    assert result.exit_code == 2
    assert "row 4 ('Max') sits under the totals line with no date" in result.stderr
    assert "row 5 under it has figures" in result.stderr


def test_an_unknown_line_under_the_total_is_checked_against_it(write: Any) -> None:
    # `Stretch goal 2` is no word kpi knows, and the total was not the last row, so it was not
    # checked: 4 posts, 313,000 impressions. Under every dated row, the total is the table's:
    # the rows kept give 15,000 + 90,000 + 8,000 + 200,000 = 313,000 for its 113,000.
    text = HEAD + 'Stretch goal 2,,,"200,000","6,000",400,"$6,000.00"\n'
    result = CliRunner().invoke(app, ["score", write(text), "-f", "json"])
    assert result.exit_code == 2
    assert "row 6 ('Total') says 113,000 impressions" in result.stderr
    assert "give 313,000 impressions" in result.stderr


def test_a_dated_post_under_the_total_is_a_post(scored: Any, write: Any) -> None:
    # A post added under the total line, with its date: the total no longer covers every
    # row, and fewer is no contradiction: 113,000 + 1,000 impressions, 4 posts.
    text = HEAD + '@dan,3/30/2025,"1,000","1,000",20,5,$50.00\n'
    doc, _ = scored(write(text))
    assert doc["rows"] == 4
    assert doc["total"]["kpis"]["impressions"]["value"] == 113_000 + 1_000


def test_a_video_called_goal_under_a_total_over_the_table_is_a_video(scored: Any, write: Any) -> None:
    # YouTube writes its `Total` first; a video titled `Goal` without a publish time under it
    # is a video like the one after it: views 10,000 + 20,000 = 30,000, as the total says.
    text = (
        "Video title,Video publish time,Views,Likes\n"
        'Total,,"30,000",900\n'
        'Goal,,"10,000",300\n'
        'Second video,"Mar 5, 2025","20,000",600\n'
    )
    doc, _ = scored(write(text))
    assert doc["rows"] == 2
    assert doc["total"]["kpis"]["views"]["value"] == 10_000 + 20_000
    assert [d["label"] for d in doc["reading"][0]["dropped"]] == ["Total"]


def test_a_goal_line_under_an_unnamed_sum_line_is_left_out(scored: Any, write: Any) -> None:
    # The total line has no label (a `=SUM()` row): it sums the rows above it and is left out,
    # and the Goal line under it with it (it was a 4th creator: 263,000 impressions).
    text = HEAD.replace(",,,,,,\nTotal,", ",") + 'Goal,,,"150,000","4,000",300,"$5,000.00"\n'
    doc, _ = scored(write(text))
    _three_posts(doc)
    assert [(d["row"], d["label"]) for d in doc["reading"][0]["dropped"]] == [(5, ""), (6, "Goal")]


def test_a_goal_line_under_an_unnamed_row_that_sums_nothing_is_refused(write: Any) -> None:
    # The unnamed row (1 impression) is no total of the rows above it: is the Goal line
    # under it a line under the table or a creator called Goal? kpi says it cannot tell.
    figures = '"101,000","113,000","3,000",210,"$4,350.00"'
    unnamed = HEAD.replace(",,,,,,\nTotal,", ",").replace(figures, "1,1,1,1,$1")
    text = unnamed + 'Goal,,,"150,000","4,000",300,"$5,000.00"\n'
    result = CliRunner().invoke(app, ["score", write(text), "-f", "json"])
    assert result.exit_code == 2
    assert "row 6 ('Goal') sits with no date under row 5, a row without a name" in result.stderr
