"""Several profiles (competitors, brands, accounts) in one export of a social analytics tool
(audit P-2, P-8): each profile is a creator kpi can group by, and the followers of several
profiles' days are never summed into one account's. Every figure is worked out by hand in
the test that checks it.
"""

from __future__ import annotations

from typer.testing import CliRunner

from kpi_cli.cli import app


def _total(report: dict) -> dict:  # type: ignore[type-arg]
    return report["total"]["kpis"]  # type: ignore[no-any-return]


def _groups(report: dict) -> dict:  # type: ignore[type-arg]
    return {g["label"]: {k: v["value"] for k, v in g["kpis"].items()} for g in report["groups"]}


# quintly's daily export of two profiles: one row per profile and day, as its API's fields
# (`time`, `followers`, `followersChange`, `postsChange`; quintly.yaml has the evidence).
QUINTLY_TWO = (
    "time,profileId,profile,followers,followersChange,postsChange,interactions\n"
    "2025-03-01,101,Acme,10000,20,1,300\n"
    "2025-03-02,101,Acme,10020,20,0,0\n"
    "2025-03-01,202,Rival,5000,10,1,100\n"
    "2025-03-02,202,Rival,5010,10,1,200\n"
)


def test_several_quintly_profiles_followers_are_not_summed(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-2: with two profiles each date comes twice, so the rows were not told as days
    and the followers of both profiles on both days were summed: engagement rate by followers
    600 / (10,000 + 10,020 + 5,000 + 5,010) = 1.998 % "poor". Each profile's followers on
    each day are a level: no rate, with a reason naming the profiles."""
    report, _ = scored(write(QUINTLY_TWO), "-q")
    total = _total(report)
    assert total["engagements"]["value"] == 300 + 0 + 100 + 200
    assert total["posts"]["value"] == 1 + 0 + 1 + 1  # the posts each day added
    assert total["activated_influencers"]["value"] == 2  # Acme, Rival
    rate = total["engagement_rate_by_followers"]
    assert rate["value"] is None
    assert "each profile's followers on each day (Acme, Rival)" in rate["reason"]
    # A tracker's posts, one a day per creator, stay posts, and the rate by followers sums
    # each post's followers: (300 + 10 + 200 + 10 + 100 + 5 + 200 + 5) / (10,000 + 10,000 +
    # 5,000 + 5,000) = 830 / 30,000 = 2.7667 %.
    report, _ = scored(
        write(
            "Date,Creator,Followers,Likes,Comments\n"
            "2025-03-01,Mia,10000,300,10\n2025-03-02,Mia,10000,200,10\n"
            "2025-03-01,Leo,5000,100,5\n2025-03-02,Leo,5000,200,5\n"
        ),
        "-q",
    )
    assert _total(report)["posts"]["value"] == 4
    assert abs(_total(report)["engagement_rate_by_followers"]["value"] - 830 / 30_000 * 100) < 1e-9


def test_quintly_profiles_group_by_influencer(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-8: quintly's `profile` was ignored, so `--by influencer` was refused ("the input
    has no influencer column"). Each profile is a group: Acme 300 + 0 = 300 engagements and
    1 + 0 = 1 post, Rival 100 + 200 = 300 and 1 + 1 = 2; neither gets a rate by followers."""
    report, err = scored(write(QUINTLY_TWO), "--by", "influencer")
    groups = _groups(report)
    assert groups["Acme"]["engagements"] == 300 + 0 and groups["Acme"]["posts"] == 1 + 0
    assert groups["Rival"]["engagements"] == 100 + 200 and groups["Rival"]["posts"] == 1 + 1
    assert groups["Acme"]["engagement_rate_by_followers"] is None
    assert groups["Rival"]["engagement_rate_by_followers"] is None
    assert "profile→influencer" in err


def test_quintly_profiles_without_posts_column_are_no_posts(write, scored) -> None:  # type: ignore[no-untyped-def]
    """quintly's rows are days of each profile: without `postsChange` they are no posts (the
    4 rows were 4 posts once a profile named them), and the followers still a level."""
    report, _ = scored(
        write(
            "time,profileId,profile,followers,followersChange,interactions\n"
            "2025-03-01,101,Acme,10000,20,300\n2025-03-02,101,Acme,10020,20,0\n"
            "2025-03-01,202,Rival,5000,10,100\n2025-03-02,202,Rival,5010,10,200\n"
        ),
        "-q",
    )
    total = _total(report)
    assert total["posts"]["value"] is None
    assert "days of each profile" in total["posts"]["reason"]
    assert total["engagements"]["value"] == 300 + 0 + 100 + 200
    assert total["engagement_rate_by_followers"]["value"] is None


def test_fanpage_karma_profiles_are_creators(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-8: Fanpage Karma's `Profile` (the page whose post it is) was ignored: two brands'
    posts were one account and --by influencer was refused. Each profile is a group: Acme's
    engagements 1,320 + 2,670 = 3,990 over impressions 21,000 + 41,000 = 62,000 (6.4355 %),
    Rival Co's 535 + 1,360 = 1,895."""
    report, err = scored(
        write(
            "Fanpage Karma Export\nPeriod: 01.03.2025 - 31.03.2025\nProfiles: 2\nCreated: 02.04.2025\n"
            'Date,Profile,Network,Message,Likes,Comments,Number of Shares,"Reactions, Comments & Shares",'
            "Impressions,Message-ID,Profile-ID\n"
            "2025-03-03,Acme,facebook,Spring drop,1200,80,40,1320,21000,m1,p1\n"
            "2025-03-05,Acme,facebook,Behind the scenes,2400,150,120,2670,41000,m2,p1\n"
            "2025-03-04,Rival Co,facebook,New flavour,500,20,15,535,12000,m3,p2\n"
            "2025-03-09,Rival Co,facebook,Giveaway,900,400,60,1360,16000,m4,p2\n"
        ),
        "--by",
        "influencer",
    )
    groups = _groups(report)
    assert set(groups) == {"Acme", "Rival Co"}
    assert groups["Acme"]["posts"] == 2 and groups["Acme"]["engagements"] == 1320 + 2670
    assert abs(groups["Acme"]["engagement_rate"] - (1320 + 2670) / (21_000 + 41_000) * 100) < 1e-9
    assert groups["Rival Co"]["posts"] == 2 and groups["Rival Co"]["engagements"] == 535 + 1360
    assert "Profile→influencer" in err
    # A file of one profile's days (`Date, Profile, Followers, ...`) stays the account's daily
    # series: its 3 days are no posts and its followers (10,000, 10,010, 10,030: a level) are
    # not summed into a rate; engagements 100 + 120 + 130.
    report, _ = scored(
        write(
            "Date,Profile,Followers,Impressions,Likes\n"
            "2025-03-01,Acme,10000,5000,100\n2025-03-02,Acme,10010,6000,120\n"
            "2025-03-03,Acme,10030,7000,130\n",
            name="days.csv",
        ),
        "-q",
    )
    total = _total(report)
    assert total["posts"]["value"] is None
    assert total["engagement_rate_by_followers"]["value"] is None
    assert "a level" in total["engagement_rate_by_followers"]["reason"]
    assert total["engagements"]["value"] == 100 + 120 + 130


def test_rival_iq_companies_are_creators(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-8: Rival IQ's post export lists the posts of several companies (a brand and its
    competitors) by `Company`; it was ignored. Acme: 2 posts, engagements (1,400 + 100) +
    (2,800 + 200) = 4,500; Rival Co: 2 posts, (380 + 20) + (450 + 90 + 60) = 1,000; the rate by
    followers of each sums its posts' `Audience`: 4,500 / (100,000 + 100,500) = 2.2444 %."""
    report, err = scored(
        write(
            "Company,Channel,Published,Post Type,Message,Link,Audience,Engagement Total,"
            "Engagement Rate by Follower,Likes,Comments,Shares,Boosted\n"
            "Acme,instagram,2025-05-02 14:00,photo,Hello May,https://www.instagram.com/p/R1/,100000,1500,1.50%,1400,100,,No\n"
            "Acme,instagram,2025-05-09 14:00,reel,How to,https://www.instagram.com/reel/R2/,100500,3000,2.99%,2800,200,,No\n"
            "Rival Co,instagram,2025-05-03 10:00,photo,Sale,https://www.instagram.com/p/R3/,40000,400,1.00%,380,20,,No\n"
            "Rival Co,facebook,2025-05-04 10:00,photo,Sale FB,https://www.facebook.com/p/R4/,60000,600,1.00%,450,90,60,Yes\n"
        ),
        "--by",
        "influencer",
    )
    groups = _groups(report)
    assert groups["Acme"]["posts"] == 2 and groups["Acme"]["engagements"] == 1400 + 100 + 2800 + 200
    assert groups["Rival Co"]["posts"] == 2 and groups["Rival Co"]["engagements"] == 380 + 20 + 450 + 90 + 60
    rate = groups["Acme"]["engagement_rate_by_followers"]
    assert abs(rate - 4500 / (100_000 + 100_500) * 100) < 1e-9
    assert "recognised as Rival IQ post export" in err and "Company→influencer" in err
    # `Company` names the creator only in Rival IQ's export: in a tracker (the brand a creator
    # posted for) or a CRM's deals it is someone else, and --by influencer stays refused.
    runner = CliRunner()
    for text in (
        "Company,Post URL,Likes,Comments\nAcme,https://www.instagram.com/p/A1/,100,5\n"
        "Acme,https://www.instagram.com/p/A2/,200,5\n",
        "Company,Deal Amount,Close Date\nAcme,1000,2025-03-01\nBeta,2000,2025-03-02\n",
    ):
        result = runner.invoke(app, ["score", write(text), "--by", "influencer", "-f", "json"])
        assert result.exit_code == 2, result.output
        assert "no influencer column" in result.stderr


def test_listening_mention_without_author_stays_without(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-11 (left over): a Brandwatch news mention has a blank `Author` (the article's
    writer is in `Full Name`); the merged-cells rule of hand-kept trackers gave it the author
    of the mention above, bob: 2 posts for bob's 1. A machine's export merges no cells: the
    mention stays without a creator (bob 1 post, a blank group of 1; 3 activated creators)."""
    report, err = scored(
        write(
            "Brandwatch Report\nReport:,Mentions\nBrand:,Acme\n"
            "Query Id,Date,Title,Url,Page Type,Author,Full Name\n"
            "1998,2025-07-01 10:02:00.0,,https://x.com/ann/status/1,twitter,ann,Ann A\n"
            "1998,2025-07-01 18:40:00.0,,https://www.instagram.com/p/K2/,instagram,bob,Bob B\n"
            "1998,2025-07-02 09:00:00.0,Acme launch,https://news.example.com/a,news,,Jane Doe\n"
            "1998,2025-07-03 12:00:00.0,,https://www.facebook.com/p/4,facebook,carl,Carl C\n"
        ),
        "--by",
        "influencer",
    )
    posts = {g["label"]: g["kpis"]["posts"]["value"] for g in report["groups"]}
    assert posts["bob"] == 1
    assert sum(posts.values()) == 4  # ann, bob, the news mention, carl
    assert _total(report)["activated_influencers"]["value"] == 3  # ann, bob, carl
    assert "merged cells" not in err


def test_followers_beside_their_change_are_a_level_without_a_date(write, scored) -> None:  # type: ignore[no-untyped-def]
    """Audit P-2 (quintly_daily2): quintly's export as its interface labels it, `Time` not read
    as a date, so nothing told the rows as days: the followers of one profile on 4 days were
    summed, engagement rate by followers 800 / (10,000 + 10,020 + 10,050 + 10,080) = 1.99 %
    "poor", and the 4 days were 4 posts. Followers beside their `Followers Change` on rows of
    one account are its level: no rate, no posts, each with its reason; engagements 300 + 500."""
    report, _ = scored(
        write(
            "Time,Profile,Followers,Followers Change,Own Posts,Interactions,Interaction Rate\n"
            "2025-03-01,Acme,10000,20,1,300,3.00%\n2025-03-02,Acme,10020,20,0,0,0.00%\n"
            "2025-03-03,Acme,10050,30,2,500,2.49%\n2025-03-04,Acme,10080,30,0,0,0.00%\n"
        ),
        "-q",
    )
    total = _total(report)
    assert total["engagements"]["value"] == 300 + 0 + 500 + 0
    assert total["engagement_rate_by_followers"]["value"] is None
    assert "beside their change ('Followers Change')" in total["engagement_rate_by_followers"]["reason"]
    assert total["posts"]["value"] is None
    # A tracker's posts with each creator's followers and the followers each post gained: the
    # followers are the creator's audience at each post, summed per post as ever:
    # (300 + 200 + 100) / (10,000 + 10,000 + 5,000) = 600 / 25,000 = 2.4 %, 3 posts.
    report, _ = scored(
        write(
            "Creator,Followers,Followers Gained,Likes\n"
            "@mia,10000,15,300\n@mia,10000,4,200\n@leo,5000,9,100\n",
            name="tracker.csv",
        ),
        "-q",
    )
    total = _total(report)
    assert total["posts"]["value"] == 3
    assert abs(total["engagement_rate_by_followers"]["value"] - 600 / 25_000 * 100) < 1e-9
