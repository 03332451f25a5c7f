"""Exports of social-media-management tools, shops and ads managers without a profile of their
own (audit H): Sprout Social, Hootsuite, Buffer, Agorapulse, Metricool, a Shopify sales report,
Reddit Ads, Amazon Ads. Headers are the tools' as the evidence in kpi_cli/profiles/ cites it;
every expected figure is worked out by hand in the test."""

from __future__ import annotations

from typing import Any

import pytest

DAYS = "no post IDs: one row a day and nothing naming a post (no post ID, creator, campaign or title): " \
    "the rows are days of the account, not posts"  # fmt: skip


def _kpi(report: dict[str, Any], kpi: str) -> dict[str, Any]:
    found: dict[str, Any] = report["total"]["kpis"][kpi]
    return found


# --------------------------------------------------------------------------- H-1


@pytest.mark.parametrize("header", ["Posts Sent Count", "Post Engaged Users", "Post Negative Feedback"])
def test_an_unread_figure_starting_with_post_does_not_make_days_posts(
    scored: Any, write: Any, header: str
) -> None:
    # Audit H-1: an account's 3 days with an unread `Post ...` figure were 3 posts (the header
    # was taken for a post's name, as `Post #` is). Impressions 4,500 + 3,900 + 5,100 = 13,500.
    report, _ = scored(
        write(
            f"Date,Network,Impressions,Engagements,{header}\n"
            "2025-03-01,Facebook,4500,210,2\n2025-03-02,Facebook,3900,180,1\n2025-03-03,Facebook,5100,240,0\n"
        )
    )
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == DAYS
    assert _kpi(report, "impressions")["value"] == 4500 + 3900 + 5100


# --------------------------------------------------------------------------- H-5

SALES = "no post IDs: rows without reach, views or interactions (fees, sales, visits) are not posts"


@pytest.mark.parametrize(
    "money",
    [
        "Discounts,Returns,Net sales,Shipping,Taxes",  # Shopify's sales by discount
        "Discount amount,Refunded,Net sales,Shipping fee,VAT",  # the same parts spelt otherwise
    ],
)
def test_a_shops_money_columns_do_not_make_its_rows_posts(scored: Any, write: Any, money: str) -> None:
    # Audit H-5: Shopify's Analytics › Sales by discount, one row per discount code; its unread
    # money columns were taken for a post's figures in a language kpi does not read: 3 codes
    # were 3 posts. Orders 12 + 8 + 3 = 23, revenue (Net sales) 1,000 + 765 + 210 = 1,975.
    report, _ = scored(
        write(
            f'"Discount code","Discount type","Orders","Gross sales",{money},"Total sales"\n'
            '"MIA10","Percentage",12,1200.00,-120.00,-80.00,1000.00,60.00,84.00,1144.00\n'
            '"LENA15","Percentage",8,900.00,-135.00,0.00,765.00,40.00,61.20,866.20\n'
            '"JOERG","Fixed amount",3,240.00,-30.00,0.00,210.00,15.00,16.80,241.80\n'
        )
    )
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == SALES
    assert _kpi(report, "conversions")["value"] == 12 + 8 + 3
    assert _kpi(report, "revenue")["value"] == pytest.approx(1000 + 765 + 210)


# --------------------------------------------------------------------------- H-11


def test_amazon_ads_report_runs_from_its_start_date_to_its_end_date(scored: Any, write: Any) -> None:
    # Audit H-11: a Sponsored Products search-term report over March, `Start Date` and
    # `End Date` on every row; kpi said the range was one day (1 March) and left `End Date`
    # unread. Spend £24.80 + £12.00 = £36.80, sales £1,049.65.
    report, stderr = scored(
        write(
            "Start Date,End Date,Currency,Campaign Name,Customer Search Term,Impressions,Clicks,"
            "Spend,7 Day Total Sales ,7 Day Total Orders (#)\n"
            '"Mar 01, 2025","Mar 31, 2025",GBP,SP | Board,bamboo cutting board,"1,204",31,£24.80,'
            '"£1,049.65",35\n'
            '"Mar 01, 2025","Mar 31, 2025",GBP,SP | Board,wooden board,800,10,£12.00,£0.00,0\n'
        )
    )
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-31"}
    assert _kpi(report, "total_spend")["value"] == pytest.approx(24.80 + 12.00)
    assert _kpi(report, "revenue")["value"] == pytest.approx(1049.65)
    assert "End Date→date end" in stderr


# --------------------------------------------------------------------------- Sprout Social: H-1, H-7, H-8

SPROUT_POSTS = (
    "Date,Post ID,Network,Post Type,Content Type,Profile,Link,Impressions,Reach,Potential Reach,"
    "Engagement Rate (per Impression),Engagements,Reactions,Likes,Comments,Shares,Saves,"
    "Post Link Clicks,Other Post Clicks,Post Clicks (All),Video Views,Full Video Views\n"
    "03/03/2025 9:15 am,17841400000000001,Instagram,Post,Reel,Acme,https://www.instagram.com/reel/A1/,"
    '"12,000","9,000","50,000",4.50%,540,,500,20,10,10,,,,"8,000",\n'
    "03/04/2025 6:02 pm,1234567890_111,Facebook,Post,Video,Acme,https://www.facebook.com/1/posts/111,"
    '"20,000","16,500","90,000",3.00%,600,300,250,40,20,,120,120,240,"10,000","4,000"\n'
    "03/05/2025 11:40 am,1897000000000000001,Twitter,Tweet,Text,Acme,https://x.com/acme/status/1897000000000000001,"
    '"5,000",,,2.00%,100,,60,10,5,,25,,,,\n'
    "03/06/2025 8:00 am,urn:li:share:7300000000000000001,LinkedIn,Post,Link,Acme,"
    'https://www.linkedin.com/feed/update/urn:li:share:7300000000000000001,"3,000",,,3.33%,100,80,,5,5,,10,,,,\n'
)


def test_sprout_post_performance(scored: Any, write: Any) -> None:
    # Audit H-7: `Full Video Views` (Sprout's name for 30-second views) were completed views:
    # completion 4,000 / 10,000 = 40 %. Now no completed views, so no completion rate.
    # Sprout's `Engagements` count clicks (Facebook: 600 = 300 reactions + 40 comments + 20
    # shares + 240 post clicks), so they are summed from their parts, as Meta's are: likes
    # are Reactions, or Likes where Reactions are blank (Instagram, X): 500 + 300 + 60 + 80 =
    # 940, comments 20 + 40 + 10 + 5 = 75, shares 10 + 20 + 5 + 5 = 40, saves 10:
    # engagements 940 + 75 + 40 + 10 = 1,065 (kpi said 540 + 600 + 100 + 100 = 1,340).
    # Impressions 12,000 + 20,000 + 5,000 + 3,000 = 40,000; rate 1,065 / 40,000 = 2.6625 %.
    # Audit H-8: `Post Link Clicks` are link clicks: 120 + 25 + 10 = 155; CTR over the rows
    # with clicks, 155 / (20,000 + 5,000 + 3,000) = 0.5536 % (kpi said "no clicks column").
    report, stderr = scored(write(SPROUT_POSTS))
    vcr = _kpi(report, "video_completion_rate")
    assert vcr["value"] is None
    assert _kpi(report, "views")["value"] == 8000 + 10000
    assert _kpi(report, "posts")["value"] == 4
    assert _kpi(report, "impressions")["value"] == 12000 + 20000 + 5000 + 3000
    assert _kpi(report, "reach")["value"] == 9000 + 16500  # not Potential Reach
    likes, comments, shares = 500 + 300 + 60 + 80, 20 + 40 + 10 + 5, 10 + 20 + 5 + 5
    assert _kpi(report, "engagements")["value"] == likes + comments + shares + 10
    assert _kpi(report, "engagement_rate")["value"] == pytest.approx(1065 / 40000 * 100)
    assert _kpi(report, "clicks")["value"] == 120 + 25 + 10
    assert _kpi(report, "ctr")["value"] == pytest.approx(155 / (20000 + 5000 + 3000) * 100)
    assert "recognised as Sprout Social report" in stderr
    assert "a row whose 'Reactions' are blank takes its 'Likes'" in stderr


SPROUT_PROFILE = (
    '"Date","Profile","Network","Impressions","Video Views","Engagements","Reactions","Comments",'
    '"Shares","Saves","Post Link Clicks","Audience","Net Audience Growth","Published Posts (Total)",'
    '"Sent Messages (Total)","Received Messages (Total)","Engagement Rate (per Impression)"\n'
    + "".join(
        f'"{day}","Acme Beauty","Instagram",{figures}\n'
        for day, figures in [
            (
                "03-01-2025",
                '"4,500","1,200","210","180","20","5","5","40","10,000","12","2","3","14","4.67%"',
            ),
            ("03-02-2025", '"3,900","900","180","150","20","6","4","22","10,012","5","1","0","9","4.62%"'),
            (
                "03-03-2025",
                '"5,100","2,000","240","200","25","10","5","31","10,017","8","0","1","11","4.71%"',
            ),
            ("03-04-2025", '"2,500","600","90","80","6","2","2","10","10,025","-2","3","0","4","3.60%"'),
        ]
    )
)


def test_sprout_profile_performance(scored: Any, write: Any) -> None:
    # Audit H-1: the profile's 4 days were 4 posts; its posts are `Published Posts (Total)`:
    # 2 + 1 + 0 + 3 = 6. Audit H-8: clicks 40 + 22 + 31 + 10 = 103, CTR 103 / 16,000 =
    # 0.64375 % (impressions 4,500 + 3,900 + 5,100 + 2,500 = 16,000). Audit H-2: `Audience` is
    # the profile's followers each day, a level: not summed into 40,054 followers (ER by
    # followers 720 / 40,054 = 1.80 % "poor").
    report, _ = scored(write(SPROUT_PROFILE))
    assert _kpi(report, "posts")["value"] == 2 + 1 + 0 + 3
    assert _kpi(report, "impressions")["value"] == 4500 + 3900 + 5100 + 2500
    assert _kpi(report, "clicks")["value"] == 40 + 22 + 31 + 10
    assert _kpi(report, "ctr")["value"] == pytest.approx(103 / 16000 * 100)
    # reactions + comments + shares + saves: 210 + 180 + 240 + 90 = 720
    assert _kpi(report, "engagements")["value"] == 720
    assert _kpi(report, "engagement_rate_by_followers")["value"] is None


# --------------------------------------------------------------------------- H-8, H-9

HOOTSUITE = (
    "Post performance,,,,,,,,,,,,,\n"
    '"Mar 1, 2025 - Mar 31, 2025",,,,,,,,,,,,,\n'
    "Date (GMT),Post ID,Post Message,Post Permalink,Post Type,Social Network,Impressions,Reach,"
    "Engagement,Likes,Comments,Shares,Post Link Clicks,Video Views\n"
    '2025-03-01 14:30,111_222,Spring launch,https://facebook.com/111/posts/222,Photo,Facebook,"1,200",900,85,60,15,10,30,\n'
    "2025-03-03 09:00,333,Behind the scenes,https://instagram.com/p/abc,Reel,Instagram,5000,4000,300,250,40,10,,4800\n"
)


def test_hootsuite_dates_and_post_link_clicks(scored: Any, write: Any) -> None:
    # Audit H-9: `Date (GMT)` was a row label (--by date refused, the range the preamble's);
    # audit H-8: `Post Link Clicks` unread. Now the posts' days, 1 and 3 March, and clicks 30;
    # CTR over the row with clicks, 30 / 1,200 = 2.5 %.
    report, _ = scored(write(HOOTSUITE), "--by", "date")
    assert [g["label"] for g in report["groups"]] == ["2025-03-01", "2025-03-03"]
    assert _kpi(report, "clicks")["value"] == 30
    assert _kpi(report, "ctr")["value"] == pytest.approx(30 / 1200 * 100)


def test_agorapulse_publishing_date(scored: Any, write: Any) -> None:
    # Audit H-9: Agorapulse's `Publishing date` (day first: 13/04) was ignored, no date range.
    report, _ = scored(
        write(
            "Publishing date,Publishing time,Message,Link,Impressions,Reach,Reactions,Comments,Shares,"
            "Clicks\n"
            "05/04/2025,17:45,Bonjour !,https://facebook.com/1/posts/2,500,400,30,5,2,8\n"
            "13/04/2025,09:10,Nouveau menu,https://facebook.com/1/posts/3,700,650,40,6,1,12\n"
        )
    )
    assert report["date_range"] == {"start": "2025-04-05", "end": "2025-04-13"}
    assert _kpi(report, "posts")["value"] == 2
    assert _kpi(report, "impressions")["value"] == 500 + 700


def test_buffer_service_is_the_platform_and_its_link_the_post(scored: Any, write: Any) -> None:
    # Audit H-9: Buffer's `Service` (the network) and `Service Link` (the post) were unread:
    # no --by platform. Now X: impressions 800, engagements 25; Instagram 1,500 and 140.
    report, stderr = scored(
        write(
            "Date,Update,Service,Service Link,Type,Impressions,Reach,Engagements,Likes,Comments,Shares,"
            "Clicks\n"
            "2025-04-02T08:00:00Z,Read our new blog post,twitter,https://x.com/acme/status/1775000000000000000,"
            "text,800,,25,15,4,6,12\n"
            "2025-04-03T10:30:00Z,Spring menu,instagram,https://www.instagram.com/p/C5xyz/,image,1500,1200,"
            "140,120,15,5,\n"
        ),
        "--by",
        "platform",
    )
    groups = {g["label"]: g["kpis"] for g in report["groups"]}
    assert len(groups) == 2
    assert sorted(g["impressions"]["value"] for g in groups.values()) == [800, 1500]
    assert sorted(g["engagements"]["value"] for g in groups.values()) == [25, 140]
    assert "Service Link→post_id" in stderr


# --------------------------------------------------------------------------- H-2

LEVEL = (
    "the followers column is the account's followers on each day, a level that adding up over "
    "days would multiply by the days; divide the engagements by the followers of the last day"
)


def test_an_accounts_followers_by_day_are_not_summed(scored: Any, write: Any) -> None:
    # Audit H-2: Metricool's account CSV (`;`, `2.345`, day first). Its Followers were summed
    # over the days, 2,345 + 2,354 + 2,360 = 7,059: ER by followers 145 / 7,059 = 2.05 %
    # "fair" (on the last day's 2,360 it is 6.14 %). Now no figure, with the reason. The rest
    # is right: posts 1 + 0 + 2 = 3, impressions 1,200 + 800 + 1,500 = 3,500, interactions
    # 45 + 30 + 70 = 145.
    report, _ = scored(
        write(
            "Date;Followers;Gained followers;Lost followers;Posts;Impressions;Reach;Interactions\n"
            "01/04/2025;2.345;12;-3;1;1.200;900;45\n"
            "02/04/2025;2.354;10;-1;0;800;600;30\n"
            "03/04/2025;2.360;8;-2;2;1.500;1.100;70\n"
        )
    )
    er = _kpi(report, "engagement_rate_by_followers")
    assert er["value"] is None and er["reason"] == LEVEL and er["verdict"] is None
    assert _kpi(report, "posts")["value"] == 1 + 0 + 2
    assert _kpi(report, "impressions")["value"] == 1200 + 800 + 1500
    assert _kpi(report, "engagements")["value"] == 45 + 30 + 70


def test_followers_of_posts_are_still_summed(scored: Any, write: Any) -> None:
    # A creator's posts, each with the followers when it went out (SPEC): summed as before,
    # engagements (100 + 10) + (300 + 20) = 430 over 10,000 + 30,000 followers = 1.075 %.
    report, _ = scored(
        write(
            "Date,Creator,Followers,Likes,Comments\n2025-03-01,@a,10000,100,10\n2025-03-02,@b,30000,300,20\n"
        )
    )
    assert _kpi(report, "engagement_rate_by_followers")["value"] == pytest.approx(430 / 40000 * 100)


# --------------------------------------------------------------------------- H-6

REDDIT = (
    "Date,Campaign Name,Impressions,Clicks,CTR,CPC,eCPM,Amount Spent (USD),Upvotes,Downvotes,Comments,"
    "Video Starts,Video Watched 100%,Purchases (Click),Purchase Value (Click)\n"
    '2025-03-01,Creators | Spring,"10,000",80,0.80%,$0.50,$4.00,$40.00,25,3,6,"2,000",400,2,$120.00\n'
    '2025-03-02,Creators | Spring,"12,000",100,0.83%,$0.45,$3.75,$45.00,30,2,4,"2,500",600,3,$150.00\n'
)


def test_reddit_ads_campaign_days_are_not_posts(scored: Any, write: Any) -> None:
    # Audit H-6: each campaign-day was a post: cost per post 85 / 2 = $42.50 "excellent".
    # Now no posts; impressions 10,000 + 12,000 = 22,000, clicks 80 + 100 = 180, spend
    # 40 + 45 = 85; engagements upvotes + comments (25 + 30) + (6 + 4) = 65 (were comments
    # only, 10); purchases 2 + 3 = 5, purchase value 120 + 150 = 270, ROAS 270 / 85.
    report, stderr = scored(write(REDDIT))
    for kpi in ("posts", "cost_per_post"):
        assert _kpi(report, kpi)["value"] is None
    assert "campaigns, ad groups or ads" in _kpi(report, "posts")["reason"]
    assert _kpi(report, "impressions")["value"] == 10000 + 12000
    assert _kpi(report, "clicks")["value"] == 80 + 100
    assert _kpi(report, "total_spend")["value"] == pytest.approx(40 + 45)
    assert _kpi(report, "engagements")["value"] == (25 + 30) + (6 + 4)
    assert _kpi(report, "conversions")["value"] == 2 + 3
    assert _kpi(report, "roas")["value"] == pytest.approx(270 / 85)
    assert "recognised as Reddit Ads export" in stderr


CAMPAIGN_DAYS = (
    "no post IDs: one row a day of each campaign, with spend, and nothing naming a post (no post ID, "
    "creator or title): the rows are campaigns' days, not posts"
)


def test_any_ads_managers_campaign_days_are_not_posts(scored: Any, write: Any) -> None:
    # The general rule behind H-6: an ads export kpi has no profile of, one row a day of each
    # of two campaigns, with spend: 4 campaign-days, not 4 posts. Spend 10 + 12 + 20 + 18 =
    # 60, impressions 1,000 + 1,200 + 2,000 + 1,800 = 6,000.
    report, _ = scored(
        write(
            "Date,Campaign,Impressions,Clicks,Spend\n"
            "2025-03-01,Spring,1000,10,10\n2025-03-02,Spring,1200,12,12\n"
            "2025-03-01,Summer,2000,20,20\n2025-03-02,Summer,1800,18,18\n"
        )
    )
    posts = _kpi(report, "posts")
    assert posts["value"] is None and posts["reason"] == CAMPAIGN_DAYS
    assert _kpi(report, "total_spend")["value"] == 10 + 12 + 20 + 18
    assert _kpi(report, "impressions")["value"] == 1000 + 1200 + 2000 + 1800


def test_a_campaigns_posts_on_the_same_day_stay_posts(scored: Any, write: Any) -> None:
    # Two posts of one campaign on 1 March: no campaign-day series; 3 posts, 60 / 3 = $20.
    report, _ = scored(
        write(
            "Date,Campaign,Impressions,Likes,Fee\n"
            "2025-03-01,Spring,1000,10,20\n2025-03-01,Spring,1200,12,20\n2025-03-02,Spring,900,9,20\n"
        )
    )
    assert _kpi(report, "posts")["value"] == 3
    assert _kpi(report, "cost_per_post")["value"] == pytest.approx(60 / 3)


# --------------------------------------------------------------------------- verify H (HV-1, HV-2, HV-4)

# Sprout's Profile Performance as its article lists it: `Engagements` and no Reactions, Comments
# or Shares columns to sum them from.
SPROUT_PROFILE_BARE = (
    "Date,Profile,Network,Audience,Impressions,Engagements,Post Link Clicks\n"
    '03/01/2025,Acme Beauty,Instagram,"10,000","4,500",210,40\n'
    '03/02/2025,Acme Beauty,Instagram,"10,012","3,900",180,22\n'
    '03/03/2025,Acme Beauty,Instagram,"10,017","5,100",240,31\n'
    '03/04/2025,Acme Beauty,Instagram,"10,025","2,500",90,10\n'
)


def test_sprouts_engagements_are_read_when_they_are_its_only_figure_and_say_they_count_clicks(
    scored: Any, write: Any
) -> None:
    # Audit HV-1: with `Engagements` unread and no parts to sum, engagements and their rate
    # were null "no engagements, likes, comments, shares or saves column". They are the only
    # figure: read, 210 + 180 + 240 + 90 = 720, rate 720 / (4,500 + 3,900 + 5,100 + 2,500) =
    # 720 / 16,000 = 4.5 %, each saying they count clicks, and with no verdict (the bands are
    # for engagements without clicks; 4.5 % would be "excellent"). Not 720 - 103 link clicks:
    # Sprout's other clicks would stay in, so no exact figure comes from taking those out.
    report, stderr = scored(write(SPROUT_PROFILE_BARE), "--map", "Post Link Clicks=ignore")
    eng, rate = _kpi(report, "engagements"), _kpi(report, "engagement_rate")
    assert eng["value"] == 210 + 180 + 240 + 90
    assert rate["value"] == pytest.approx(720 / 16000 * 100)
    assert rate["verdict"] is None
    for kpi in (eng, rate):
        assert any("count clicks on the posts" in note for note in kpi["notes"])
    assert "'Engagements' read as engagements for want of any other column" in stderr


def test_sprouts_engagements_stay_unread_beside_their_parts(scored: Any, write: Any) -> None:
    # Audit H-7 stands: with Reactions, Comments, Shares and Saves, engagements are their sum,
    # 180 + 20 + 5 + 5 + 150 + 20 + 6 + 4 + 200 + 25 + 10 + 5 + 80 + 6 + 2 + 2 = 720, judged
    # (720 / 16,000 = 4.5 % excellent), with no note.
    report, _ = scored(write(SPROUT_PROFILE))
    rate = _kpi(report, "engagement_rate")
    assert rate["value"] == pytest.approx(720 / 16000 * 100)
    assert rate["verdict"] == "excellent" and not rate.get("notes")


def test_a_kpi_without_its_column_names_the_header_left_unread_for_it(scored: Any, write: Any) -> None:
    # Audit HV-2: Sprout's ER by followers said "no followers column" beside `Audience`; it now
    # names Audience and why (the level of each day, as Metricool's Followers get).
    report, _ = scored(write(SPROUT_PROFILE_BARE))
    why = _kpi(report, "engagement_rate_by_followers")["reason"]
    assert why.startswith("'Audience' is not read: the profile's followers on each day, a level")
    # Audit HV-4: a tracker's `Full video views` stay unread (Sprout's and Facebook's are
    # 30-second views), and the completion rate says so, with the --map that reads them.
    report, _ = scored(
        write(
            "Post URL,Views,Full video views,Likes\n"
            "https://www.tiktok.com/@mia/video/1,10000,3000,800\n"
            "https://www.tiktok.com/@mia/video/2,20000,5000,1500\n"
        )
    )
    why = _kpi(report, "video_completion_rate")["reason"]
    assert why.startswith("'Full video views' is not read: full video views (Sprout Social's, Facebook's)")
    assert "--map 'Full video views=completed_views'" in why
    # ... and read with it: (3,000 + 5,000) / (10,000 + 20,000) = 26.67 %.
    report, _ = scored(
        write(
            "Post URL,Views,Full video views\nhttps://x.com/a/status/1,10000,3000\nhttps://x.com/a/status/2,20000,5000\n"
        ),
        "--map",
        "Full video views=completed_views",
    )
    assert _kpi(report, "video_completion_rate")["value"] == pytest.approx(8000 / 30000 * 100)


def test_a_daily_series_without_engagements_says_so_first(scored: Any, write: Any) -> None:
    # Sweep of audit B (lift1.csv): a brand's days with followers but no engagement column. Its
    # engagement rate by followers said the followers are a level and to divide the engagements
    # by the last day's, though there are none; the missing column is the reason.
    report, _ = scored(
        write(
            "date,revenue,marketing_spend,mentions,followers\n"
            "2025-03-01,1000.00,100.00,10,10000\n2025-03-02,1200.00,100.00,12,10050\n"
        )
    )
    er = _kpi(report, "engagement_rate_by_followers")
    assert er["value"] is None and er["reason"] == "no engagements, likes, comments, shares or saves column"
