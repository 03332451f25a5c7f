"""Creator-commerce and affiliate exports (audit O): what a creator's links sold.

- Skimlinks' `Revenue` is the publisher's commission; the sales are `Order value`.
- Amazon Associates' reports name the product `Name` and the creator `Tracking ID` / `Tag`,
  under a `Fee-... reports from 03-01-2025 to 03-31-2025` line; a return is a row below 0.
- CJ's correction rows and Rakuten's returns (a sale amount below 0) take their order back.
- Tapfiliate's `disapproved`, TikTok Shop's `Ineligible` are no sales.
- TikTok Shop's affiliate orders: a row per SKU of an order.
Sources: kpi_cli/profiles/skimlinks.yaml, amazon_associates.yaml, tiktok_shop_affiliate.yaml,
affiliate_network.yaml. Every figure is worked out by hand below.
"""

from __future__ import annotations

from typing import Any

import pytest


def _kpis(doc: dict[str, Any]) -> dict[str, Any]:
    """KPI -> value of a report's total, or of one of its groups."""
    return {k: v["value"] for k, v in doc.get("total", doc)["kpis"].items()}


SKIM_MERCHANTS = (
    "Merchant,Clicks,Sales,Conversion rate,Order value,Revenue,EPC\n"
    'Nordstrom,1200,30,2.50%,"$3,600.00",$144.00,$0.12\n'
    'Sephora,800,40,5.00%,"$2,000.00",$80.00,$0.10\n'
    'Wayfair,500,5,1.00%,"$1,500.00",$45.00,$0.09\n'
)

SKIM_DAYS = (
    "Date,Impressions,Clicks,CTR,Sales,Conversion rate,Order value,Revenue,EPC,RPM\n"
    "2025-03-01,20000,400,2.00%,10,2.50%,$900.00,$36.00,$0.09,$1.80\n"
    '2025-03-02,25000,500,2.00%,15,3.00%,"$1,200.00",$48.00,$0.10,$1.92\n'
    "2025-03-03,15000,300,2.00%,6,2.00%,$600.00,$24.00,$0.08,$1.60\n"
)


def test_skimlinks_revenue_is_the_commission_and_order_value_the_sales(write: Any, scored: Any) -> None:
    doc, err = scored(write(SKIM_MERCHANTS))
    kpis = _kpis(doc)
    assert "recognised as Skimlinks Publisher Hub report" in err
    # 7,100 (was 144 + 80 + 45 = 269, the commission)
    assert kpis["revenue"] == pytest.approx(3600 + 2000 + 1500)
    assert kpis["conversions"] == 30 + 40 + 5  # Sales: a count
    assert kpis["conversion_rate"] == pytest.approx(75 / (1200 + 800 + 500) * 100)  # 3.0 %
    assert kpis["posts"] is None  # merchants, not posts (were 3)
    doc, _ = scored(write(SKIM_DAYS))
    kpis = _kpis(doc)
    assert kpis["revenue"] == pytest.approx(900 + 1200 + 600)  # 2,700 (was 108)
    assert kpis["rpm"] == pytest.approx(2700 / (20000 + 25000 + 15000) * 1000)  # $45.00 (was $1.80)
    assert kpis["posts"] is None


AMZ_EARNINGS = (
    "Fee-Earnings reports from 03-01-2025 to 03-31-2025\n"
    "Category,Name,ASIN,Seller,Tracking ID,Date Shipped,Price($),Items Shipped,Returns,Revenue($),"
    "Ad Fees($),Device Type Group,Direct Sale\n"
    'Home,"Bamboo Drawer Organizer, Set of 6",B07XYZ1234,Amazon.com,creatora-20,2025-03-05 00:00:00,'
    "24.99,2,0,49.98,1.50,DESKTOP,DI\n"
    "Electronics,Wireless Earbuds,B08ABC5678,Amazon.com,creatorb-20,2025-03-07 00:00:00,129.00,1,0,"
    "129.00,3.87,PHONE,DI\n"
    "Beauty,Lip Balm 3-Pack,B09DEF9012,Third Party,creatora-20,2025-03-10 00:00:00,9.99,3,0,29.97,1.80,"
    "PHONE,NDI\n"
    "Electronics,Wireless Earbuds,B08ABC5678,Amazon.com,creatorb-20,2025-03-20 00:00:00,129.00,0,1,"
    "-129.00,-3.87,PHONE,DI\n"
)

POSTS = (
    "Post ID,Username,Date,Impressions,Reach,Likes,Comments,Followers\n"
    "p1,creatora-20,2025-03-02,10000,8000,500,40,20000\n"
    "p2,creatorb-20,2025-03-03,6000,5000,300,20,15000\n"
)


def test_amazon_associates_earnings_creators_are_tracking_ids(write: Any, scored: Any) -> None:
    doc, err = scored(write(AMZ_EARNINGS))
    kpis = _kpis(doc)
    assert "recognised as Amazon Associates report" in err
    assert kpis["activated_influencers"] == 2  # creatora-20, creatorb-20 (was 3: the products' names)
    assert kpis["posts"] is None  # products shipped, not posts (were 4)
    assert kpis["revenue"] == pytest.approx(49.98 + 129.00 + 29.97 - 129.00)  # 79.95: net of the return
    assert kpis["total_spend"] is None  # Ad Fees are what Amazon pays the creator
    assert doc["date_range"] == {"start": "2025-03-05", "end": "2025-03-20"}  # Date Shipped (was none)


def test_amazon_associates_beside_posts_joins_by_tracking_id(write: Any, scored: Any) -> None:
    posts = write(POSTS, name="posts.csv")
    sales = write(AMZ_EARNINGS, name="earnings.csv")
    doc, _ = scored(posts, sales, "--by", "influencer")
    assert _kpis(doc)["activated_influencers"] == 2  # was 5: the two creators and three products
    groups = {g["label"]: _kpis(g) for g in doc["groups"]}
    assert set(groups) == {"creatora-20", "creatorb-20"}
    assert groups["creatora-20"]["revenue"] == pytest.approx(49.98 + 29.97)  # 79.95
    assert groups["creatorb-20"]["revenue"] == pytest.approx(129.00 - 129.00)  # returned: 0
    assert groups["creatora-20"]["posts"] == 1 and groups["creatorb-20"]["posts"] == 1


AMZ_ORDERS = (
    "Fee-Orders reports from 03-01-2025 to 03-31-2025\n"
    "Category,Name,ASIN,Date,Qty,Price($),Link Type,Tag,Indirect Sales,Device Type Group\n"
    'Home,"Bamboo Drawer Organizer, Set of 6",B07XYZ1234,2025-03-03 14:22:10,2,24.99,Text+Image,'
    "creatora-20,DI,DESKTOP\n"
    "Electronics,Wireless Earbuds,B08ABC5678,2025-03-05 09:01:44,1,129.00,Text,creatorb-20,DI,PHONE\n"
    "Beauty,Lip Balm 3-Pack,B09DEF9012,2025-03-09 20:15:00,3,9.99,Text,creatora-20,NDI,PHONE\n"
    "Kitchen,Cast Iron Skillet,B01GHI3456,2025-03-12 11:40:03,1,45.50,Text+Image,creatorb-20,DI,TABLET\n"
)

AMZ_TRACKING = (
    "Fee-Tracking reports from 03-01-2025 to 03-31-2025\n"
    "Tracking ID,Clicks,Items Ordered,Items Shipped,Revenue($),Ad Fees($)\n"
    "creatora-20,820,14,12,356.40,14.26\n"
    "creatorb-20,410,5,4,390.00,11.70\n"
)


def test_amazon_associates_orders_and_tracking_rows_are_not_posts(write: Any, scored: Any) -> None:
    doc, _ = scored(write(AMZ_ORDERS))
    kpis = _kpis(doc)
    assert kpis["posts"] is None  # 4 products ordered (were 4 posts)
    assert kpis["activated_influencers"] == 2  # Tag: creatora-20, creatorb-20 (was 4 products)
    assert kpis["revenue"] is None  # unit prices only: 2 x 24.99 + ... is not summed from Price($)
    assert "Price($)" in doc["total"]["kpis"]["revenue"]["reason"]
    doc, err = scored(write(AMZ_TRACKING))
    kpis = _kpis(doc)
    assert kpis["posts"] is None  # two tracking IDs (were 2 posts)
    assert kpis["activated_influencers"] == 2
    assert kpis["clicks"] == 820 + 410
    assert kpis["revenue"] == pytest.approx(356.40 + 390.00)  # 746.40
    # The report's period, from the line above the header (was none: the rows have no dates)
    assert doc["date_range"] == {"start": "2025-03-01", "end": "2025-03-31"}
    assert "reporting period 2025-03-01 to 2025-03-31" in err


def test_amazon_associates_daily_trends_conversion_is_a_rate(write: Any, scored: Any) -> None:
    text = (
        "Fee-DailyTrends reports from 03-01-2025 to 03-04-2025\n"
        "Date,Clicks,Items Ordered (Amazon),Items Ordered (3rd Party),Total Items Ordered,Conversion\n"
        "2025-03-01,120,4,1,5,4.17%\n2025-03-02,95,2,0,2,2.11%\n"
        "2025-03-03,140,5,2,7,5.00%\n2025-03-04,80,1,1,2,2.50%\n"
    )
    doc, _ = scored(write(text))  # was refused: '4.17%' taken for a count of conversions
    kpis = _kpis(doc)
    assert kpis["clicks"] == 120 + 95 + 140 + 80  # 435
    assert kpis["conversions"] is None  # items, not orders
    assert kpis["posts"] is None  # days


CJ_DETAIL = (
    "Event Date,Posting Date,Action Status,Action Type,Original,Original Action ID,Commission ID,Order ID,"
    "Publisher Name,Website Name,Action Tracker Name,Sale Amount,Publisher Commission,Currency\n"
    "2025-03-02,2025-03-02,new,advanced sale,true,,3301,A1001,StyleByMia,stylebymia.com,Online Sale,"
    "200.00,20.00,USD\n"
    "2025-03-04,2025-03-04,locked,advanced sale,true,,3302,A1002,TechTom,techtom.blog,Online Sale,"
    "150.00,15.00,USD\n"
    "2025-03-06,2025-03-06,closed,advanced sale,true,,3303,A1003,StyleByMia,stylebymia.com,Online Sale,"
    "300.00,30.00,USD\n"
    "2025-03-20,2025-03-20,closed,advanced sale,false,3303,3304,A1003,StyleByMia,stylebymia.com,"
    "Online Sale,-300.00,-30.00,USD\n"
    "2025-03-22,2025-03-22,locked,advanced sale,false,3302,3305,A1002,TechTom,techtom.blog,Online Sale,"
    "-50.00,-5.00,USD\n"
)

RAKUTEN_ORDERS = (
    "Member ID (U1),MID,Advertiser Name,Order ID,Transaction Date,Transaction Time,SKU,Sales,# of Items,"
    "Total Commission,Process Date,Process Time\n"
    "mia_ig,36145,Acme,RK-5001,03/02/2025,10:14:22,SKU-TEE,$80.00,2,$6.40,03/03/2025,02:00:00\n"
    "mia_ig,36145,Acme,RK-5002,03/05/2025,18:30:01,SKU-HOOD,$120.00,1,$9.60,03/06/2025,02:00:00\n"
    "tom_yt,36145,Acme,RK-5003,03/08/2025,12:00:00,SKU-CAP,$25.00,1,$2.00,03/09/2025,02:00:00\n"
    "mia_ig,36145,Acme,RK-5002,03/05/2025,18:30:01,SKU-HOOD,-$120.00,-1,-$9.60,03/18/2025,02:00:00\n"
)


def test_corrections_and_returns_take_their_order_back(write: Any, scored: Any) -> None:
    doc, _ = scored(write(CJ_DETAIL))
    kpis = _kpis(doc)
    # A1001, A1002 (a $50 partial return keeps it an order); A1003 returned in full: 300 - 300 = 0
    assert kpis["conversions"] == 2  # was 5, a conversion a row
    assert kpis["revenue"] == pytest.approx(200 + 150 + 300 - 300 - 50)  # 300
    assert kpis["total_spend"] == pytest.approx(20 + 15 + 30 - 30 - 5)  # 30, Publisher Commission (was none)
    assert kpis["cpa"] == pytest.approx(30 / 2)
    doc, _ = scored(write(CJ_DETAIL), "--by", "date")
    days = {g["label"]: _kpis(g) for g in doc["groups"]}
    assert days["2025-03-20"]["conversions"] == -1  # the day A1003 came back, as its -$300
    assert days["2025-03-22"]["conversions"] == 0  # a partial return: no order taken back
    doc, _ = scored(write(RAKUTEN_ORDERS))
    kpis = _kpis(doc)
    assert kpis["conversions"] == 2  # RK-5001, RK-5003; RK-5002 returned (was 4)
    assert kpis["revenue"] == pytest.approx(80 + 120 + 25 - 120)  # 105
    assert kpis["total_spend"] == pytest.approx(6.40 + 9.60 + 2.00 - 9.60)  # 8.40, Total Commission


def test_a_return_of_an_order_outside_the_file_is_no_order(write: Any, scored: Any) -> None:
    # Only the return of RK-4999 (ordered last month) and one new order: 1 conversion, not 2 nor 0.
    header, first, _, third, _ = RAKUTEN_ORDERS.splitlines()
    returned = first.replace("RK-5001", "RK-4999").replace("$80.00,2,$6.40", "-$80.00,-2,-$6.40")
    text = f"{header}\n{returned}\n{third}\n"
    doc, _ = scored(write(text))
    kpis = _kpis(doc)
    assert kpis["conversions"] == 1  # RK-5003
    assert kpis["revenue"] == pytest.approx(-80 + 25)  # -55: the return is still taken off


def test_disapproved_and_ineligible_are_no_sales(write: Any, scored: Any) -> None:
    text = (
        "Conversion ID,External ID,Affiliate,Amount,Commission,Status,Created At\n"
        "c_1a,ord_9001,Mia Lopez,100.00,10.00,approved,2025-03-02\n"
        "c_1b,ord_9002,Tom Reed,250.00,25.00,pending,2025-03-03\n"
        "c_1c,ord_9003,Mia Lopez,400.00,40.00,disapproved,2025-03-05\n"
    )
    doc, err = scored(write(text))
    kpis = _kpis(doc)
    assert kpis["total_spend"] == pytest.approx(10 + 25)  # 35 (was 75)
    assert kpis["conversions"] == 2  # (was 3)
    assert "left out 1 transaction 'Status' marks as taken back: 1 'disapproved' (row 4)" in err


TIKTOK_SHOP = (
    "Order ID,Product ID,Product Name,SKU ID,Price,Payment Amount,Currency,Quantity,Order Status,"
    "Creator Username,Content Type,Content ID,Standard commission rate,Estimated commission base,"
    "Est. standard commission payment,Actual commission base,Actual standard commission payment,"
    "Returns & refunds,Refund,Time Created\n"
    "577000000000000001,1729001,Hydrating Serum,1729101,25.00,22.50,USD,1,Settled,mia.glow,Video,"
    "7341000000000000001,10%,22.50,2.25,22.50,2.25,0,0,03/14/2025 10:00:00\n"
    "577000000000000001,1729002,Gentle Cleanser,1729102,15.00,30.00,USD,2,Settled,mia.glow,Video,"
    "7341000000000000001,10%,30.00,3.00,30.00,3.00,0,0,03/14/2025 10:00:00\n"
    "577000000000000002,1729001,Hydrating Serum,1729101,25.00,25.00,USD,1,Pending,tom.tries,LIVE,"
    "7341000000000000002,10%,25.00,2.50,,,0,0,03/15/2025 21:30:00\n"
    "577000000000000003,1729001,Hydrating Serum,1729101,25.00,25.00,USD,1,Ineligible,tom.tries,Video,"
    "7341000000000000003,10%,25.00,2.50,0,0,1,25.00,03/16/2025 08:12:00\n"
)


def test_tiktok_shop_affiliate_orders(write: Any, scored: Any) -> None:
    doc, err = scored(write(TIKTOK_SHOP))
    kpis = _kpis(doc)
    assert "recognised as TikTok Shop affiliate orders export" in err
    assert kpis["revenue"] == pytest.approx(22.50 + 30.00 + 25.00)  # 77.50: the ineligible 25.00 out
    assert kpis["conversions"] == 2  # order ...001 (two SKU lines) and ...002
    assert kpis["activated_influencers"] == 2
    assert kpis["total_spend"] == pytest.approx(2.25 + 3.00)  # actual commission; the estimate never
    assert kpis["posts"] is None  # order lines (were 3 posts, the content IDs)
    assert doc["date_range"] == {"start": "2025-03-14", "end": "2025-03-15"}
    assert "same post counted twice" not in err  # the second SKU line of one order


# GoAffPro's sales (order date, order number, amount, affiliate, commission, status:
# goaffpro-docs manage/sales.md), one of them rejected.
GOAFFPRO_SALES = (
    "Date,Order,Amount,Affiliate,Commission,Status\n"
    "2025-03-02,#1001,120.00,Mia Lopez,12.00,approved\n"
    "2025-03-03,#1002,80.00,Tom Reed,8.00,pending\n"
    "2025-03-05,#1003,200.00,Mia Lopez,20.00,rejected\n"
    "2025-03-07,#1004,60.00,Tom Reed,6.00,approved\n"
)


def test_goaffpro_order_and_partnerize_order_value(write: Any, scored: Any) -> None:
    doc, _ = scored(write(GOAFFPRO_SALES))
    kpis = _kpis(doc)
    assert kpis["conversions"] == 3  # #1001, #1002, #1004 (was none: `Order` unread)
    assert kpis["total_spend"] == pytest.approx(12 + 8 + 6)  # 26, the rejected 20 out
    text = (
        "Conversion ID,Conversion Date,Publisher,Campaign,Conversion Status,Customer Type,Order Value,"
        "Publisher Commission,Currency\n"
        "111l1,2025-03-02 10:00:00,StyleByMia,Spring,approved,new,180.00,18.00,GBP\n"
        "111l2,2025-03-03 11:00:00,TechTom,Spring,pending,existing,220.00,22.00,GBP\n"
        "111l3,2025-03-04 12:00:00,StyleByMia,Spring,rejected,new,500.00,50.00,GBP\n"
    )
    doc, _ = scored(write(text))
    kpis = _kpis(doc)
    assert kpis["revenue"] == pytest.approx(180 + 220)  # 400 (was none)
    assert kpis["total_spend"] == pytest.approx(18 + 22)  # 40 (was none)
    assert kpis["roas"] == pytest.approx(400 / 40)


def test_cj_action_cost_is_the_spend_over_the_commission(write: Any, scored: Any) -> None:
    text = (
        "Publisher ID,Publisher Name,Impressions,Clicks,Sales,Sale Amount,Publisher Commission,"
        "Action Cost,Leads,Conversion Rate,EPC\n"
        "7712003,GlowWithLena,52000,1850,74,5920.00,888.00,1065.60,0,4.00%,0.48\n"
        "7712551,SkincareBySam,20000,920,23,1725.50,258.83,310.60,0,2.50%,0.28\n"
    )
    doc, _ = scored(write(text))
    kpis = _kpis(doc)
    # Action Cost: the commission and CJ's fee, what the advertiser pays (not 888.00 + 258.83)
    assert kpis["total_spend"] == pytest.approx(1065.60 + 310.60)  # 1,376.20
    assert kpis["roas"] == pytest.approx((5920.00 + 1725.50) / 1376.20)


def test_retailer_rows_with_items_sold_are_not_posts(write: Any, scored: Any) -> None:
    text = (
        "Retailer,Clicks,Orders,Items Sold,Sales,Commissions\n"
        'Nordstrom,900,18,25,"$2,250.00",$180.00\n'
        'Target,600,30,44,"$1,320.00",$66.00\n'
    )
    doc, _ = scored(write(text))
    kpis = _kpis(doc)
    assert kpis["posts"] is None  # two retailers (were 2 posts)
    assert kpis["conversions"] == 18 + 30  # Orders, not the 69 items
    assert kpis["revenue"] == pytest.approx(2250 + 1320)  # 3,570
    assert kpis["conversion_rate"] == pytest.approx(48 / 1500 * 100)  # 3.2 %


@pytest.mark.parametrize(
    "header",
    [
        "Date,Clicks,Sales,Revenue,CTR",
        "Page,Impressions,Clicks,Sales,Revenue",
        "Link,Impressions,Clicks,Revenue",
    ],
)
def test_a_sheet_of_skimlinks_words_without_its_own_headers_keeps_its_revenue(
    write: Any, scored: Any, header: str
) -> None:
    """Skimlinks' `Revenue` is its commission, but only a file with one of its own headers
    (`Order value`, `EPC`, `Merchant`) is a Skimlinks report: a sheet of `Date, Clicks, Sales,
    Revenue, CTR` was taken for one and its revenue left unread as commission."""
    cells = {"Date": "2025-03-01", "Page": "/a", "Link": "https://x.test/a", "Impressions": "1000",
             "Clicks": "40", "Sales": "3", "Revenue": "250.00", "CTR": "4%"}  # fmt: skip
    names = header.split(",")
    second = {**cells, "Date": "2025-03-02", "Page": "/b", "Link": "https://x.test/b", "Revenue": "150.00"}
    text = (
        header + "\n" + ",".join(cells[n] for n in names) + "\n" + ",".join(second[n] for n in names) + "\n"
    )
    report, _ = scored(write(text), "-q")
    assert _kpis(report)["revenue"] == 250 + 150
    assert report["reading"][0]["profile"] is None or report["reading"][0]["profile"]["id"] != "skimlinks"


def test_a_bare_amount_beside_a_commission_is_the_sale(write: Any, scored: Any) -> None:
    # Audit O-7 rest: GoAffPro's sales (order date, order number, amount, affiliate, commission,
    # status: goaffpro-docs manage/sales.md) and Tapfiliate's conversions (`amount`, "the
    # transaction amount") had no revenue: a bare `Amount` was "an amount kpi has no use for".
    doc, err = scored(write(GOAFFPRO_SALES))
    kpis = _kpis(doc)
    assert kpis["revenue"] == pytest.approx(120 + 80 + 60)  # 260, the rejected 200 out (was none)
    assert kpis["roas"] == pytest.approx(260 / (12 + 8 + 6))  # 10.0
    assert "'Amount' read as revenue beside 'Commission': in an affiliate network's transactions" in err
    text = (
        "Conversion ID,External ID,Affiliate,Amount,Commission,Status,Created At\n"
        "c_1a,ord_9001,Mia Lopez,100.00,10.00,approved,2025-03-02\n"
        "c_1b,ord_9002,Tom Reed,250.00,25.00,pending,2025-03-03\n"
        "c_1c,ord_9003,Mia Lopez,400.00,40.00,disapproved,2025-03-05\n"
    )
    doc, _ = scored(write(text, "tapfiliate.csv"))
    assert _kpis(doc)["revenue"] == pytest.approx(100 + 250)  # 350, the disapproved 400 out
    # A list of payouts (GoAffPro's Payouts: the affiliate's name, payment amount): no commission
    # beside the amount, which may be the commission itself: not read as revenue, and said.
    doc, _ = scored(
        write("Affiliate,Date,Amount,Status\nMia,2025-03-01,50,paid\nTom,2025-03-02,30,pending\n", "p.csv")
    )
    revenue = doc["total"]["kpis"]["revenue"]
    assert revenue["value"] is None
    assert revenue["reason"] == (
        "'Amount' is not read: a bare amount with no commission beside it may be the sale or the "
        "commission paid (a list of payouts); --map 'Amount=revenue' or 'Amount=spend' says which"
    )
    # A fee sheet is no affiliate export: its Amount is never a sale.
    doc, _ = scored(write("Creator,Amount,Status\nMia,500,Paid\nTom,300,Live\n", "fees.csv"))
    assert _kpis(doc)["revenue"] is None
