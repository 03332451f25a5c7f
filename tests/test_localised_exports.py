"""The big platforms' exports in the languages kpi had no words for (audit M).

An analyst in Madrid, São Paulo, Milan, Amsterdam or Tokyo downloads the same reports in
their interface language. Without the platform's words for that language, a file was
either refused (Meta Ads Manager in Dutch or Japanese, Google Ads in Japanese) or read by
the influencer tracker's everyday words, which took YouTube Studio's thumbnail
impressions for impressions (engagement rate 0.44% "poor") and dropped its comments.
Each file below is in the shape of the real export (evidence in the profiles' comments);
every figure is worked out by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

# YouTube Studio › Advanced mode › Export › Table data.csv: the channel's row first, then one
# row per video. Two videos: views 4,000 + 2,000 = 6,000; likes 250 + 80, comments 30 + 15,
# shares 20 + 5, so engagements 330 + 45 + 25 = 400; thumbnail impressions 50,000 + 30,000.
YT_SPANISH = (
    "Contenido,Título del vídeo,Hora de publicación del vídeo,Duración,Visualizaciones,"
    "Tiempo de visualización (horas),Suscriptores,Impresiones,"
    "Porcentaje de clics de las impresiones (%),Me gusta,Comentarios añadidos,Veces compartido\n"
    "Total,,,,6000,250.5,120,80000,5.1,330,45,25\n"
    'abcDEF12345,Receta fácil,"Mar 3, 2025",300,4000,180.2,90,50000,6.2,250,30,20\n'
    'xyzUVW67890,Unboxing,"Mar 10, 2025",420,2000,70.3,30,30000,3.3,80,15,5\n'
)
YT_ITALIAN = (
    "Contenuti,Titolo video,Ora di pubblicazione del video,Durata,Visualizzazioni,"
    "Tempo di visualizzazione (ore),Iscritti,Impressioni,Percentuale di clic sulle impressioni (%),"
    "Mi piace,Commenti aggiunti,Condivisioni\n"
    "Totale,,,,6000,250.5,120,80000,5.1,330,45,25\n"
    'abcDEF12345,Ricetta facile,"Mar 3, 2025",300,4000,180.2,90,50000,6.2,250,30,20\n'
    'xyzUVW67890,Unboxing,"Mar 10, 2025",420,2000,70.3,30,30000,3.3,80,15,5\n'
)
# Portuguese: no likes or comments columns; `Espectadores únicos` 3,000 + 1,500 = 4,500 reach.
YT_PORTUGUESE = (
    "Conteúdo,Título do vídeo,Horário de publicação do vídeo,Duração,Impressões,"
    "Taxa de cliques de impressões (%),Visualizações,Visualizações engajadas,Tempo de exibição (horas),"
    "Duração média da visualização,Porcentagem visualizada média (%),Inscritos,Espectadores únicos\n"
    "Total,,,,80000,5.1,6000,5000,250.5,0:02:30,40.1,120,4500\n"
    'abcDEF12345,Receita fácil,"Mar 3, 2025",300,50000,6.2,4000,3300,180.2,0:02:42,45.0,90,3000\n'
    'xyzUVW67890,Unboxing,"Mar 10, 2025",420,30000,3.3,2000,1700,70.3,0:02:06,30.0,30,1500\n'
)
# Japanese: views alone among the figures kpi reads, under the channel's `合計` row.
YT_JAPANESE = (
    "コンテンツ,動画のタイトル,動画公開時刻,長さ,視聴回数,総再生時間（単位: 時間）,チャンネル登録者,"
    "推定収益 (JPY),インプレッション数,インプレッションのクリック率 (%)\n"
    "合計,,,,6000,250.5,120,4510,80000,5.1\n"
    "abcDEF12345,簡単レシピ,2025/03/03,300,4000,180.2,90,3000,50000,6.2\n"
    "xyzUVW67890,開封動画,2025/03/10,420,2000,70.3,30,1510,30000,3.3\n"
)


@pytest.mark.parametrize(
    ("text", "language"), [(YT_SPANISH, "Spanish"), (YT_ITALIAN, "Italian")], ids=["es", "it"]
)
def test_youtube_studio_table_in_spanish_or_italian(
    scored: Any, write: Any, text: str, language: str
) -> None:
    report, _ = scored(write(text))
    kpis = report["total"]["kpis"]
    assert report["reading"][0]["profile"]["id"] == "youtube_studio"
    assert report["reading"][0]["profile"]["language"] == language
    assert kpis["posts"]["value"] == 2  # the channel's Total row dropped
    assert kpis["views"]["value"] == 4000 + 2000
    assert kpis["engagements"]["value"] == 250 + 80 + 30 + 15 + 20 + 5  # 400: comments counted
    # Thumbnail impressions are not impressions: was 80,000 and ER 355 / 80,000 = 0.44% "poor"
    assert kpis["impressions"]["value"] is None
    assert kpis["engagement_rate"]["value"] is None
    assert report["date_range"] == {"start": "2025-03-03", "end": "2025-03-10"}


def test_youtube_studio_table_in_portuguese(scored: Any, write: Any) -> None:
    report, _ = scored(write(YT_PORTUGUESE))
    kpis = report["total"]["kpis"]
    assert report["reading"][0]["profile"]["id"] == "youtube_studio"
    assert kpis["posts"]["value"] == 2
    assert kpis["views"]["value"] == 6000  # 4,000 + 2,000
    assert kpis["reach"]["value"] == 3000 + 1500  # Espectadores únicos
    assert kpis["impressions"]["value"] is None  # not 50,000 + 30,000 thumbnails
    assert kpis["engagement_rate_by_followers"]["value"] is None  # Inscritos gained, no audience
    assert report["date_range"] == {"start": "2025-03-03", "end": "2025-03-10"}


def test_youtube_studio_table_in_japanese(scored: Any, write: Any) -> None:
    report, _ = scored(write(YT_JAPANESE))
    kpis = report["total"]["kpis"]
    assert report["reading"][0]["profile"]["id"] == "youtube_studio"  # was refused
    # `合計` opens the table and only the views add up: dropped all the same (not 3 posts and
    # 6,000 + 4,000 + 2,000 = 12,000 views)
    assert kpis["posts"]["value"] == 2
    assert kpis["views"]["value"] == 4000 + 2000
    assert kpis["impressions"]["value"] is None
    assert report["date_range"] == {"start": "2025-03-03", "end": "2025-03-10"}


# Meta Ads Manager in Dutch: `Weergaven` are its impressions. Reach 4,000 + 2,000; impressions
# 10,000 + 5,000; spend 300.00 + 120.50 = 420.50 EUR; link clicks 150 + 80 = 230. `Resultaten`
# (12 purchases on one row, 80 link clicks on the other) is no count of conversions.
META_DUTCH = (
    "Campagnenaam,Naam advertentieset,Start rapportage,Einde rapportage,Bereik,Weergaven,Frequentie,"
    "Resultaattype,Resultaten,Besteed bedrag (EUR),Kosten per resultaat,Klikken op links,"
    "CPM (kosten per 1000 weergaven) (EUR)\n"
    "Voorjaar A,NL 25-34,2025-03-01,2025-03-31,4000,10000,2.5,Aankopen,12,300.00,25.00,150,30.00\n"
    "Voorjaar B,NL 35-44,2025-03-01,2025-03-31,2000,5000,2.5,Klikken op links,80,120.50,1.51,80,24.10\n"
)
# ... in Japanese, by day: reach 3,000 + 3,500; impressions 5,000 + 5,500; link clicks 120 + 130;
# spend 1,500 + 1,650 = 3,150 JPY.
META_JAPANESE = (
    "日,キャンペーン名,広告セット名,広告名,リーチ,インプレッション,リンクのクリック,消化金額 (JPY),結果,"
    "結果の単価,CPM(インプレッション単価) (JPY)\n"
    "2025-04-01,ブランド認知,東京 25-34,動画A,3000,5000,120,1500,3,500,300\n"
    "2025-04-02,ブランド認知,東京 25-34,動画A,3500,5500,130,1650,2,825,300\n"
)


def test_meta_ads_manager_in_dutch(scored: Any, write: Any) -> None:
    report, _ = scored(write(META_DUTCH, bom=b"\xef\xbb\xbf"))  # was refused: no column known
    kpis = report["total"]["kpis"]
    assert report["reading"][0]["profile"]["language"] == "Dutch"
    assert report["currency"] == "EUR"
    assert kpis["reach"]["value"] == 6000
    assert kpis["impressions"]["value"] == 15000
    assert kpis["total_spend"]["value"] == pytest.approx(420.50)
    assert kpis["clicks"]["value"] == 230
    assert kpis["cpm"]["value"] == pytest.approx(420.50 / 15000 * 1000)  # €28.03
    assert kpis["cpc"]["value"] == pytest.approx(420.50 / 230)  # €1.83
    assert kpis["conversions"]["value"] is None  # not Resultaten 12 + 80 = 92


def test_meta_ads_manager_in_japanese(scored: Any, write: Any) -> None:
    report, _ = scored(write(META_JAPANESE, bom=b"\xef\xbb\xbf"))
    kpis = report["total"]["kpis"]
    assert report["reading"][0]["profile"]["language"] == "Japanese"
    assert report["currency"] == "JPY"
    # リーチ (reach) of 1 and 2 April, 3,000 and 3,500 people: no reach of the two days (not
    # 3,000 + 3,500 = 6,500, reach/s38), the reason naming the column
    assert kpis["reach"]["value"] is None and kpis["reach"]["reason"].startswith("'リーチ' is the people")
    assert kpis["impressions"]["value"] == 10500
    assert kpis["clicks"]["value"] == 250
    assert kpis["total_spend"]["value"] == 3150
    assert kpis["cpc"]["value"] == pytest.approx(3150 / 250)  # ¥12.60
    assert kpis["conversions"]["value"] is None  # not 結果 (results) 3 + 2
    assert report["date_range"] == {"start": "2025-04-01", "end": "2025-04-02"}


# Google Ads › Campaigns › Download, in Dutch: a title and the period above the header, Dutch
# numbers, `Totaal: account` closing. Impressions 12,345 + 20,000 = 32,345; clicks 678 + 1,000
# = 1,678; cost 305.10 + 500.00 = 805.10 EUR; conversions 21 + 30.5 = 51.5; value 1,234.56 +
# 2,000.00 = 3,234.56.
GADS_DUTCH = (
    "Campagnerapport\n"
    "1 maart 2025 - 31 maart 2025\n"
    "Campagnestatus,Campagne,Budget,Valutacode,Vertoningen,Klikken,CTR,Gem. CPC,Kosten,Conversies,"
    "Kosten/conv.,Conv.waarde\n"
    'Ingeschakeld,Merk NL,"50,00",EUR,"12.345",678,"5,49%","0,45","305,10","21,00","14,53","1.234,56"\n'
    'Ingeschakeld,Generiek NL,"80,00",EUR,"20.000","1.000","5,00%","0,50","500,00","30,50","16,39",'
    '"2.000,00"\n'
    'Totaal: account,,,EUR,"32.345","1.678","5,19%","0,48","805,10","51,50","15,63","3.234,56"\n'
)
# ... in Japanese, yen: cost 30,510 + 50,000 = 80,510; value 123,456 + 200,000 = 323,456.
GADS_JAPANESE = (
    "キャンペーン レポート\n"
    "2025年3月1日～2025年3月31日\n"
    "キャンペーンのステータス,キャンペーン,予算,通貨コード,表示回数,クリック数,クリック率,平均クリック単価,費用,"
    "コンバージョン,コンバージョン単価,コンバージョン値\n"
    '有効,ブランド,5000,JPY,"12,345",678,5.49%,45,"30,510",21.00,"1,453","123,456"\n'
    '有効,一般,8000,JPY,"20,000","1,000",5.00%,50,"50,000",30.50,"1,639","200,000"\n'
    '合計: アカウント,,,JPY,"32,345","1,678",5.19%,48,"80,510",51.50,"1,563","323,456"\n'
)


def test_google_ads_in_dutch(scored: Any, write: Any) -> None:
    report, notes = scored(write(GADS_DUTCH))
    kpis = report["total"]["kpis"]
    # was "(German)" on its `Kosten`, with spend alone read, shown in dollars
    assert report["reading"][0]["profile"]["language"] == "Dutch"
    assert report["currency"] == "EUR" and "states no currency" not in notes
    assert kpis["impressions"]["value"] == 32345
    assert kpis["clicks"]["value"] == 1678
    assert kpis["total_spend"]["value"] == pytest.approx(805.10)
    assert kpis["conversions"]["value"] == pytest.approx(51.5)
    assert kpis["revenue"]["value"] == pytest.approx(3234.56)
    assert kpis["roas"]["value"] == pytest.approx(3234.56 / 805.10)  # 4.02
    assert kpis["cpa"]["value"] == pytest.approx(805.10 / 51.5)  # €15.63
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-31"}


def test_google_ads_in_japanese(scored: Any, write: Any) -> None:
    report, _ = scored(write(GADS_JAPANESE))  # was refused, the title line named as its columns
    kpis = report["total"]["kpis"]
    assert report["reading"][0]["profile"]["language"] == "Japanese"
    assert report["currency"] == "JPY"
    assert report["reading"][0]["header_row"] == 3
    assert kpis["impressions"]["value"] == 32345  # the 合計: アカウント row dropped
    assert kpis["clicks"]["value"] == 1678
    assert kpis["total_spend"]["value"] == 80510
    assert kpis["conversions"]["value"] == pytest.approx(51.5)
    assert kpis["revenue"]["value"] == 323456
    # the period above the header, its two dates joined by a wave dash
    assert report["date_range"] == {"start": "2025-03-01", "end": "2025-03-31"}


def test_dutch_and_japanese_results_of_purchases_are_conversions(scored: Any, write: Any) -> None:
    # Every row's result type says purchases (Aankopen; 購入 in Japanese): Resultaten / 結果 are
    # the conversions, 12 + 8 = 20, as Achats or Käufe are in French or German files.
    dutch = (
        "Campagnenaam,Start rapportage,Einde rapportage,Weergaven,Resultaattype,Resultaten,"
        "Besteed bedrag (EUR)\n"
        "Voorjaar A,2025-03-01,2025-03-31,10000,Aankopen,12,300.00\n"
        "Voorjaar B,2025-03-01,2025-03-31,5000,Aankopen,8,120.50\n"
    )
    japanese = (
        "日,キャンペーン名,インプレッション,結果インジケーター,結果,消化金額 (JPY)\n"
        "2025-04-01,ブランド認知,5000,ウェブサイトでの購入,12,1500\n"
        "2025-04-02,ブランド認知,5500,ウェブサイトでの購入,8,1650\n"
    )
    for text, spend in ((dutch, 420.50), (japanese, 3150)):
        report, _ = scored(write(text))
        kpis = report["total"]["kpis"]
        assert kpis["conversions"]["value"] == 12 + 8
        assert kpis["cpa"]["value"] == pytest.approx(spend / 20)  # €21.03, ¥157.50


def test_a_dutch_tracker_with_google_ads_words_stays_a_tracker(scored: Any, write: Any) -> None:
    # `Vertoningen`, `Klikken`, `Kosten` are Google Ads' Dutch words too, but a report of
    # campaigns never names a creator: with `Influencer` the rows are posts, 3 of them, and
    # cost per post (400 + 400 + 500) / 3 = 433.33, not "Google Ads rows are not posts".
    tracker = (
        "Datum;Influencer;Vertoningen;Klikken;Kosten\n3-mrt-2025;@lena;12000;120;400,00\n"
        "14-mrt-2025;@marco;9000;80;400,00\n20-mrt-2025;@ana;7000;60;500,00\n"
    )
    report, _ = scored(write(tracker))
    kpis = report["total"]["kpis"]
    assert report["reading"][0]["profile"]["id"] == "influencer_tracker"
    assert kpis["posts"]["value"] == 3
    assert kpis["cost_per_post"]["value"] == pytest.approx(1300 / 3)
