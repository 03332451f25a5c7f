"""One value however it is written, in one file and across files, whatever the options (audit C).

Every text column kpi groups on compares by one rule (read.labels.value_key on text.text_key:
Unicode NFKC, spaces collapsed, a no-break space a space, case folded), with a creator's `@`
and profile link, a platform's abbreviations, a format's plural and a post's link on top.
Each value is shown in one of its spellings from the files, chosen once every row is in
(so not by the order the reader hands rows over), and stderr names the spellings joined.
Every figure is worked out by hand below; the groups add up to the total in each.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi_cli.read.labels import Identity, value_key
from kpi_cli.score import score_files

TRACKER = "Date,Creator,Platform,Impressions,Link Clicks\n"


def impressions(doc: dict[str, Any], column: str) -> dict[str, int]:
    """Each group's impressions, by its label."""
    return {g["key"][column]: g["kpis"]["impressions"]["value"] for g in doc["groups"]}


def total(doc: dict[str, Any], kpi: str) -> Any:
    return doc["total"]["kpis"][kpi]["value"]


def test_a_full_width_at_and_an_accent_in_two_code_points_are_one_creator_across_files(
    write: Any, scored: Any
) -> None:
    # C-1: the pair folded in one file but made 4 creators across two. NFD is how macOS
    # writes a typed `ë` (e + U+0308), a Japanese IME the full-width ＠ (U+FF20).
    a = write(TRACKER + "2025-03-03,\uff20noor.beauty,TikTok,1000,10\n"
              "2025-03-04,Zoë.Makes,TikTok,2000,20\n", "a.csv")  # fmt: skip
    b = write(TRACKER + "2025-03-05,@noor.beauty,TikTok,4000,40\n"
              "2025-03-06,zoe\u0308.makes,TikTok,8000,80\n", "b.csv")  # fmt: skip
    doc, err = scored(a, b, "--by", "influencer")
    # @noor.beauty 1,000 + 4,000 = 5,000; Zoë.Makes 2,000 + 8,000 = 10,000: 2 creators, not 4
    assert impressions(doc, "influencer") == {"@noor.beauty": 1000 + 4000, "Zoë.Makes": 2000 + 8000}
    assert total(doc, "activated_influencers") == 2
    assert total(doc, "impressions") == 5000 + 10000
    # the full-width and the two-code-point spellings are named (the latter in escapes: it
    # reads as the other)
    assert "'＠noor.beauty' as '@noor.beauty'" in err
    assert "'zoe\\u0308.makes' as 'Zoë.Makes'" in err


def test_campaigns_with_no_break_spaces_double_spaces_and_accents_in_two_code_points_are_one(
    write: Any, scored: Any
) -> None:
    # C-2: `Spring<NBSP>Launch` (pasted from a web page), `Spring  Launch`, `spring launch` and
    # `Cafe\u0301 Launch` were groups of their own, printed with the same label.
    path = write(
        "Date,Campaign,Creator,Platform,Impressions,Link Clicks\n"
        "2025-03-01,Spring Launch,@a,Instagram,1000,10\n"
        "2025-03-02,Spring  Launch,@a,Instagram,2000,20\n"
        "2025-03-03,Spring\u00a0Launch,@a,Instagram,4000,40\n"
        "2025-03-04,Café Launch,@b,Instagram,8000,80\n"
        "2025-03-05,Cafe\u0301 Launch,@b,Instagram,16000,160\n"
        "2025-03-06,spring launch ,@a,Instagram,32000,320\n"
    )
    doc, err = scored(path, "--by", "campaign")
    # Spring Launch 1,000 + 2,000 + 4,000 + 32,000 = 39,000 (4 rows); Café Launch 8,000 + 16,000
    spring = 1000 + 2000 + 4000 + 32000
    assert impressions(doc, "campaign") == {"Café Launch": 8000 + 16000, "Spring Launch": spring}
    assert [g["rows"] for g in doc["groups"]] == [2, 4]
    assert total(doc, "impressions") == 39000 + 24000
    assert "'Spring\\xa0Launch' as 'Spring Launch'" in err and "'Spring  Launch' as 'Spring Launch'" in err


def test_a_name_with_a_space_is_one_creator_in_one_file_across_files_and_with_goals(
    write: Any, scored: Any, tmp_path: Path
) -> None:
    # C-3: `Lena Fischer` and `LENA FISCHER` were 2 creators in one file, 1 across two files,
    # and 1 in one file once --goals was given. The same rows give the same answer now.
    one = write(TRACKER + "2025-03-01,Lena Fischer,Instagram,1000,10\n"
                "2025-03-02,LENA FISCHER,Instagram,2000,20\n")  # fmt: skip
    a = write(TRACKER + "2025-03-01,Lena Fischer,Instagram,1000,10\n", "a.csv")
    b = write(TRACKER + "2025-03-02,LENA FISCHER,Instagram,2000,20\n", "b.csv")
    goals = tmp_path / "goals.yaml"
    goals.write_text('creators:\n  "Lena Fischer":\n    goals:\n      impressions: ">= 100"\n')
    for args in ([one], [a, b], [one, "--goals", str(goals)]):
        doc, err = scored(*args, "--by", "influencer")
        assert impressions(doc, "influencer") == {"Lena Fischer": 1000 + 2000}, args
        assert total(doc, "activated_influencers") == 1
        assert "one creator however it is written: counted 'LENA FISCHER' as 'Lena Fischer'" in err


def test_formats_fold_by_case_and_number(write: Any, scored: Any) -> None:
    # C-9: Reel, reel, REEL and Reels were four formats; Meta Business Suite's `IG reel` a fifth.
    path = write(
        "Date,Creator,Platform,Format,Impressions\n"
        "2025-03-01,@a,Instagram,Reel,1000\n2025-03-02,@b,Instagram,reel,2000\n2025-03-03,@c,Instagram,REEL,4000\n"
        "2025-03-04,@d,Instagram,Reels,8000\n2025-03-05,@e,Instagram,Story,16000\n"
        "2025-03-06,@f,Instagram,Stories,32000\n2025-03-07,@g,Instagram,story ,64000\n"
        "2025-03-08,@h,Instagram,IG reel,128000\n"
    )
    doc, err = scored(path, "--by", "format")
    # Reel: 1,000 + 2,000 + 4,000 + 8,000 + 128,000 = 143,000; Story: 16,000 + 32,000 + 64,000
    assert impressions(doc, "format") == {"Reel": 143000, "Story": 112000}
    assert [g["rows"] for g in doc["groups"]] == [5, 3]
    assert "one format however it is written: counted 'reel' as 'Reel', 'REEL' as 'Reel', " in err
    assert "'Reels' as 'Reel' and 3 more" in err  # Stories, story, IG reel


def test_by_post_id_keeps_a_post_together_however_its_link_is_written(write: Any, scored: Any) -> None:
    # C-10: the Posts count knew these were 2 posts; `--by post_id` made 4 groups of 1.
    a = write("Date,Creator,Platform,Post URL,Impressions\n"
              "2025-03-01,@a,Instagram,https://www.instagram.com/reel/AAA1/?igsh=xyz,1000\n"
              "2025-03-02,@b,TikTok,https://www.tiktok.com/@b/video/7340000000000000001?lang=en,2000\n",
              "a.csv")  # fmt: skip
    b = write("Date,Creator,Platform,Post URL,Impressions\n"
              "2025-03-01,@a,Instagram,https://www.instagram.com/p/AAA1/,4000\n"
              "2025-03-02,@b,TikTok,7340000000000000001,8000\n", "b.csv")  # fmt: skip
    doc, err = scored(a, b, "--by", "post_id")
    # Instagram AAA1: 1,000 + 4,000, shown as the link without a share tail; TikTok 734…001:
    # 2,000 + 8,000, shown as its bare ID
    assert impressions(doc, "post_id") == {
        "https://www.instagram.com/p/AAA1/": 5000, "7340000000000000001": 10000,
    }  # fmt: skip
    assert [g["kpis"]["posts"]["value"] for g in doc["groups"]] == [1, 1]  # adds up to the total's 2
    assert total(doc, "posts") == 2
    assert "one post however it is written" in err
    # a case apart in an Instagram shortcode is another post
    assert value_key("post_id", "instagram.com/p/aaa1/") != value_key("post_id", "instagram.com/p/AAA1")


def test_a_platform_is_shown_by_its_name_whatever_order_the_rows_come_in(write: Any, scored: Any) -> None:
    # C-5: the reader hands a file's first row over last, and the group took `Insta`'s label
    # (`Instagram Reels` in another file) for rows that mostly write `Instagram`.
    path = write(
        TRACKER + "2025-03-01,@a,Instagram,1000,10\n2025-03-02,@b,instagram,2000,20\n"
        "2025-03-03,@c,IG,4000,40\n2025-03-04,@d,Insta,8000,80\n2025-03-05,@e,Instagram Reels,16000,160\n"
        "2025-03-06,@f,IG Stories,32000,320\n2025-03-07,@g,YouTube Shorts,64000,640\n"
        "2025-03-08,@h,YT Shorts,128000,1280\n"
    )
    doc, err = scored(path, "--by", "platform")
    # Instagram: 1,000 + 2,000 + 4,000 + 8,000 + 16,000 + 32,000 = 63,000 (6 rows);
    # YouTube: 64,000 + 128,000 = 192,000, shown as its rows write it (every row is Shorts)
    assert impressions(doc, "platform") == {"Instagram": 63000, "YouTube Shorts": 192000}
    assert total(doc, "impressions") == 63000 + 192000
    assert "one platform however it is written: counted 'instagram' as 'Instagram', 'IG' as " in err
    assert "and 3 more" in err  # Instagram Reels, IG Stories; YT Shorts as YouTube Shorts


def test_a_profile_link_in_the_creator_column_is_the_handle(write: Any, scored: Any) -> None:
    # C-7: trackers paste the profile link where the handle goes; it was another creator.
    path = write(
        TRACKER + "2025-03-01,@lena.creates,Instagram,1000,10\n"
        "2025-03-02,https://www.instagram.com/lena.creates/,Instagram,2000,20\n"
        "2025-03-03,https://www.tiktok.com/@lena.creates?lang=en,TikTok,4000,40\n"
        "2025-03-04,https://www.instagram.com/p/AAA1/,Instagram,8000,80\n"  # a post's link: no one's profile
    )
    doc, err = scored(path, "--by", "influencer")
    # @lena.creates: 1,000 + 2,000 + 4,000 = 7,000; the post link stays apart (8,000)
    post = "https://www.instagram.com/p/AAA1/"
    assert impressions(doc, "influencer") == {"@lena.creates": 7000, post: 8000}
    assert total(doc, "activated_influencers") == 2
    assert "'https://www.instagram.com/lena.creates/' as '@lena.creates'" in err


def test_a_pivot_tables_blank_is_no_creator(write: Any, scored: Any) -> None:
    # C-4: Excel's PivotTable writes `(blank)` for an empty label; it went to the (blank)
    # group but was still counted as a creator (2 activated influencers for 1).
    path = write("Date,Creator,Platform,Impressions\n2025-03-01,@a,TikTok,1000\n"
                 "2025-03-02,(blank),TikTok,2000\n2025-03-03,,TikTok,4000\n")  # fmt: skip
    doc, _ = scored(path, "--by", "influencer")
    assert impressions(doc, "influencer") == {"@a": 1000, "(blank)": 2000 + 4000}
    assert total(doc, "activated_influencers") == 1
    assert doc["groups"][1]["kpis"]["activated_influencers"]["value"] is None  # no creator named
    doc, _ = scored(path, "--by", "platform")
    assert doc["groups"][0]["kpis"]["activated_influencers"]["value"] == 1


def test_tier_words_of_other_languages_without_followers(write: Any, scored: Any) -> None:
    # C-8: `Mikro`, `Makro`, `Méga` and `Médio` without followers went to (blank) with the
    # empty cell. `KOL` (no tier) keeps its word without followers and takes them with them.
    path = write(
        "Date,Creator,Platform,Tier,Followers,Impressions\n"
        "2025-03-01,@t1,Instagram,Mikro,,1000\n2025-03-02,@t2,Instagram,Makro,,2000\n"
        "2025-03-03,@t3,Instagram,Méga,,4000\n2025-03-04,@t4,Instagram,Médio,,8000\n"
        "2025-03-05,@t5,Instagram,Mittel,,16000\n2025-03-06,@t6,Instagram,KOL,,32000\n"
        '2025-03-07,@t7,Instagram,KOL,"20,000",64000\n2025-03-08,@t8,Instagram,,,128000\n'
    )
    doc, err = scored(path, "--by", "tier")
    # micro: Mikro 1,000 + KOL with 20,000 followers 64,000 = 65,000; mid: Médio 8,000 +
    # Mittel 16,000 = 24,000; KOL without followers its own group; the empty cell (blank)
    assert impressions(doc, "tier") == {
        "micro": 1000 + 64000, "mid": 8000 + 16000, "macro": 2000, "mega": 4000, "KOL": 32000,
        "(blank)": 128000,
    }  # fmt: skip
    assert total(doc, "impressions") == 255000
    assert "tier 'KOL' is none of" in err and "a group of its own with --by tier" in err


def test_a_file_with_a_creators_name_and_handle_is_read_by_the_handle(write: Any, scored: Any) -> None:
    # C-6: GRIN's content breakdown has `Creator` (a name) and `Handle`; Meta Business
    # Suite's export names the creator by `Account username` only. Read by the name, Lena
    # Schmidt and lena.lifestyle were 2 creators; by the handle they are one.
    grin = write("Creator,Handle,Network,Posted Date,Impressions,Spend\n"
                 "Lena Schmidt,lena.lifestyle,Instagram,2025-03-02,30000,$850.00\n"
                 "Jörg Müller,joerg.cooks,TikTok,2025-03-05,96000,\"$1,500.00\"\n", "grin.csv")  # fmt: skip
    meta = write("Post ID,Account username,Account name,Publish time,Permalink,Post type,Reach,Likes\n"
                 "18098311940237299,lena.lifestyle,Lena Schmidt,03/20/2025 10:00,https://www.instagram.com/p/ZZZ9/,"
                 "IG image,900,80\n", "meta.csv")  # fmt: skip
    doc, _ = scored(grin, meta, "--by", "influencer")
    assert sorted(g["key"]["influencer"] for g in doc["groups"]) == ["joerg.cooks", "lena.lifestyle"]
    lena = next(g for g in doc["groups"] if g["key"]["influencer"] == "lena.lifestyle")
    assert lena["rows"] == 2 and lena["kpis"]["reach"]["value"] == 900
    assert total(doc, "activated_influencers") == 2


def test_sort_top_ranks_the_blank_group_after_the_named_ones(write: Any, scored: Any) -> None:
    # C-11: "top 2 creators by ROAS" gave the rows without a creator (an ads export's) first.
    tracker = write("Date,Creator,Impressions,Fee,Revenue\n2025-03-01,@a,1000,$100,$200\n"
                    "2025-03-02,@b,1000,$100,$150\n2025-03-03,@c,1000,$100,$120\n", "t.csv")  # fmt: skip
    ads = write("By Day,Campaign name,Cost,Impressions,Total complete payment value\n"
                "2025-03-01,Spark,100,5000,400\n", "ads.csv")  # fmt: skip
    doc, err = scored(tracker, ads, "--by", "influencer", "--sort", "roas", "--top", "2")
    # ROAS: (blank) 400 / 100 = 4.00×, @a 200 / 100 = 2.00×, @b 1.50×, @c 1.20×
    assert [(g["key"]["influencer"], g["kpis"]["roas"]["value"]) for g in doc["groups"]] == [
        ("@a", pytest.approx(2.0)), ("@b", pytest.approx(1.5)),
    ]  # fmt: skip
    assert "the (blank) group, rows without a creator, is ranked after every group with one" in err
    doc, _ = scored(tracker, ads, "--by", "influencer", "--sort", "roas")
    assert [g["key"]["influencer"] for g in doc["groups"]] == ["@a", "@b", "@c", "(blank)"]


def test_labels_and_sums_do_not_depend_on_the_order_of_the_rows(tmp_path: Path) -> None:
    # The spelling shown is chosen once all rows are in: the same rows in any order give the
    # same groups, labels and figures (it was the first spelling seen in the order the
    # reader hands rows over, which is not the file's).
    rows = [
        ("Instagram", "Spring Launch", "@Lena.Creates", 1000),
        ("instagram", "SPRING LAUNCH", "lena.creates", 2000),
        ("IG", "Spring\u00a0Launch", "@lena.creates", 4000),
        ("Insta", "spring launch", "LENA.CREATES", 8000),
        ("TikTok", "Summer", "\uff20noor", 16000),
        ("TIKTOK", "summer", "@noor", 32000),
        ("tiktok", "Summer ", "noor", 64000),
    ]
    want = {("Instagram", "Spring Launch", "@Lena.Creates"): 15000, ("TikTok", "Summer", "@noor"): 112000}
    shuffled = random.Random(7)
    for n in range(6):
        order = rows[:]
        shuffled.shuffle(order)
        path = tmp_path / f"x{n}.csv"
        body = "".join(f"{p},{c},{h},{i}\n" for p, c, h, i in order)
        path.write_text("Platform,Campaign,Creator,Impressions\n" + body)
        report = score_files([str(path)], by=["platform", "campaign", "influencer"])
        got = {tuple(g.key.values()): g.kpi("impressions").value for g in report.groups}
        assert got == want, order  # 1,000 + 2,000 + 4,000 + 8,000; 16,000 + 32,000 + 64,000


SPELLINGS = st.sampled_from(["Spring Launch", "@Lena.Creates", "Zoë.Makes", "Instagram", "Reel", "Café"])


@given(
    name=SPELLINGS,
    upper=st.booleans(),
    at=st.sampled_from(["", "@", "\uff20"]),
    space=st.sampled_from([" ", "\u00a0", "  ", "\u2009"]),
    nfd=st.booleans(),
    hidden=st.sampled_from(["", "\u200b", "\u200e"]),
)
def test_every_text_column_tells_values_apart_by_one_rule(
    name: str, upper: bool, at: str, space: str, nfd: bool, hidden: str
) -> None:
    # Case, a space of any kind or number, a full-width form, an accent in two code points,
    # an invisible character: one value in every column; the creator's `@` aside too.
    import unicodedata

    written = name.upper() if upper else name
    written = written.replace(" ", space) + hidden
    if nfd:
        written = unicodedata.normalize("NFD", written)
    for dim in ("campaign", "influencer", "platform", "format", "tier", "campaign_type"):
        assert value_key(dim, f" {written} ") == value_key(dim, name)
        assert Identity(dim).keys([written]) == [value_key(dim, name)]
    assert value_key("influencer", at + written) == value_key("influencer", name)


ASCII_NAMES = st.from_regex(r"@?[A-Za-z. _/\t\x1c]{0,12}", fullmatch=True)
NAMES = st.one_of(SPELLINGS, st.text(max_size=12), ASCII_NAMES)


@given(texts=st.lists(NAMES, max_size=20))
def test_keys_by_arrow_are_value_keys(texts: list[str]) -> None:
    # Identity.keys keys ASCII names by Arrow (200,000 creators): the same keys as value_key.
    for dim in ("influencer", "campaign", "post_id", "platform"):
        assert Identity(dim).keys(texts) == [value_key(dim, text) for text in texts]


def test_emoji_selectors_pivot_blanks_of_other_languages_and_format_plurals(write: Any, scored: Any) -> None:
    # Verify C V-2, V-3, V-7: `Mia ❤️` (with the emoji selector U+FE0F, as iOS types it) and
    # `Mia ❤` were 2 creators; German and French Excel's `(Leer)` and `(vide)` were creators;
    # `Video`/`Videos`, `Post`/`Posts` and `Reel`/`Facebook Reels` were 6 formats.
    path = write(
        "Date,Creator,Format,Impressions,Likes\n"
        "2025-03-01,Mia \u2764\ufe0f,Video,1000,10\n2025-03-02,Mia \u2764,Videos,2000,20\n"
        "2025-03-03,(Leer),Post,3000,30\n2025-03-04,@b,Posts,4000,40\n"
        "2025-03-05,(vide),Facebook Reels,5000,50\n2025-03-06,@b,Reel,6000,60\n"
    )
    doc, _ = scored(path, "--by", "influencer")
    # Mia 1,000 + 2,000; @b 4,000 + 6,000; the two pivot blanks 3,000 + 5,000: 2 creators
    assert impressions(doc, "influencer") == {"Mia \u2764": 3000, "@b": 10000, "(blank)": 8000}
    assert total(doc, "activated_influencers") == 2
    doc, _ = scored(path, "--by", "format")
    # Video 1,000 + 2,000; Post 3,000 + 4,000; Reel 5,000 + 6,000
    assert impressions(doc, "format") == {"Video": 3000, "Post": 7000, "Reel": 11000}


def test_a_blank_handle_takes_the_creators_name(write: Any, scored: Any) -> None:
    # Verify C V-1: read by the handle (C-6), a row whose Handle is blank went to (blank)
    # though its Creator names Jörg Müller: 2 activated influencers for 3. A row with
    # neither is still (blank).
    path = write(
        "Creator,Handle,Platform,Post Date,Impressions,Likes\n"
        "Lena Schmidt,lena.lifestyle,Instagram,2025-03-01,1000,10\n"
        "Jörg Müller,,Instagram,2025-03-02,2000,20\n"
        "Ana Ruiz,ana.ruiz,Instagram,2025-03-03,3000,30\n"
        ",,Instagram,2025-03-04,4000,40\n"
    )
    doc, err = scored(path, "--by", "influencer")
    assert impressions(doc, "influencer") == {
        "lena.lifestyle": 1000, "Jörg Müller": 2000, "ana.ruiz": 3000, "(blank)": 4000
    }  # fmt: skip
    assert total(doc, "activated_influencers") == 3
    assert "a row whose 'Handle' is blank is the creator its 'Creator' names" in err


def test_a_platform_no_row_names_in_full_is_shown_by_its_name(write: Any, scored: Any) -> None:
    # Verify C V-4: `Instagram Reels` + `IG Stories` were shown as `Instagram Reels`, a group
    # that holds Stories: the platform's name, Instagram 1,000 + 2,000. A group whose rows
    # are all Shorts keeps `YouTube Shorts` (3,000 + 4,000), and TikTok 5,000 its own.
    path = write(
        "Date,Creator,Platform,Impressions,Likes\n"
        "2025-03-01,@a,Instagram Reels,1000,10\n2025-03-02,@b,IG Stories,2000,20\n"
        "2025-03-03,@c,YT Shorts,3000,30\n2025-03-04,@d,YouTube Shorts,4000,40\n"
        "2025-03-05,@e,TikTok,5000,50\n"
    )
    doc, _ = scored(path, "--by", "platform")
    assert impressions(doc, "platform") == {"Instagram": 3000, "YouTube Shorts": 7000, "TikTok": 5000}


def test_a_name_whose_handle_another_row_gives_is_that_handle(write: Any, scored: Any) -> None:
    # Check F-7: Mia Rossi's rows without her handle were a creator of their own beside
    # @mia (3 activated influencers for 2). @mia: 1,000 + 2,000 + 4,000; @lena 8,000.
    path = write(
        "Creator,Handle,Platform,Post Date,Impressions,Likes\n"
        "Mia Rossi,@mia,Instagram,2025-03-01,1000,10\nMia Rossi,,Instagram,2025-03-02,2000,20\n"
        "Mia Rossi,,TikTok,2025-03-03,4000,40\nLena Weber,@lena,Instagram,2025-03-04,8000,80\n"
    )
    doc, _ = scored(path, "--by", "influencer")
    assert impressions(doc, "influencer") == {"@mia": 1000 + 2000 + 4000, "@lena": 8000}
    assert total(doc, "activated_influencers") == 2
