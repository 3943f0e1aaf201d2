"""Staff search in Chinese (common/search.py): two-character words wherever they stand, phrases in
order, best match first, marked in the list, within what each login may read, from the index."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from accounts import roles
from common.search import highlight, search, snippet, tsquery, usable
from liaison import selectors
from liaison import services as liaison
from liaison.models import Opinion
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import OpinionFactory, StationFactory, StationMemberFactory, SubDistrictFactory

pytestmark = pytest.mark.django_db


def opinion(**fields) -> Opinion:
    return OpinionFactory(**{"date": date(2026, 11, 2), **fields})


def found(words: str, **filters) -> list[str]:
    return [o.content for o in selectors.opinion_inbox({"q": words, **filters})]


def test_the_database_and_python_cut_text_into_the_same_terms():
    with connection.cursor() as cursor:
        cursor.execute("SELECT portal_search_terms(%s)", ["老旧小区改造，3号楼 LED路灯"])
        (terms,) = cursor.fetchone()
    assert terms == "老旧 旧小 小区 区改 改造 3 号楼 led 路灯"
    assert tsquery("老旧小区 LED") == "('老旧' <-> '旧小' <-> '小区') & ('led')"


def test_a_two_character_word_is_found_inside_longer_words_and_answers():
    opinion(content="小区路灯杆倒了，晚上很黑")
    opinion(content="建议增设公交站", resolution="已协调增设路灯")
    opinion(content="灯路不通")  # the same characters, not the word
    assert sorted(found("路灯")) == ["小区路灯杆倒了，晚上很黑", "建议增设公交站"]
    assert found("灯杆") == ["小区路灯杆倒了，晚上很黑"]


def test_a_longer_word_is_its_pairs_in_order_and_every_word_must_be_there():
    opinion(content="老旧小区改造进度慢")
    opinion(content="小区老旧设施")
    assert found("老旧小区") == ["老旧小区改造进度慢"]
    assert found("老旧 设施") == ["小区老旧设施"]


def test_the_best_match_comes_first():
    opinion(content="停车难，停车位少，停车收费高")
    opinion(content="路口停车")
    assert found("停车") == ["停车难，停车位少，停车收费高", "路口停车"]


def test_search_and_filters_narrow_together():
    east, west = SubDistrictFactory(name="东城街道"), SubDistrictFactory(name="西城街道")
    here, there = StationFactory(sub_district=east), StationFactory(sub_district=west)
    opinion(station=here, content="垃圾分类点太远", date=date(2026, 10, 9))
    opinion(station=there, content="垃圾分类宣传少", date=date(2026, 11, 9))
    assert found("垃圾", sub_district=east) == ["垃圾分类点太远"]
    assert found("垃圾", start=date(2026, 11, 1), end=date(2026, 11, 30)) == ["垃圾分类宣传少"]


def test_what_is_typed_is_never_query_syntax():
    opinion(content="路灯坏了")
    for typed in ("路灯'", "路灯 & !", "路灯:*", "(路灯", "\\路灯\x00"):
        assert found(typed) == ["路灯坏了"], typed
    assert found("路灯 | 停车") == []  # "|" is not "or": both words are asked for
    assert not usable("灯") and not usable("!!") and usable("12")
    assert tsquery("第12号") == "('12')"  # a lone character is half of a pair in the index: left out


def test_the_query_reads_the_gin_index():
    for n in range(30):
        opinion(content=f"第{n}条意见：路灯")
    sql, params = search(Opinion.objects.all(), "路灯", Opinion.SEARCHED).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "liaison_opinion_search" in plan, plan


def test_words_are_marked_in_escaped_text():
    assert highlight("<b>路灯</b>坏了", "路灯") == "&lt;b&gt;<mark>路灯</mark>&lt;/b&gt;坏了"
    # A word is looked for in the text, not in its escaping: "lt" never marks inside "&lt;".
    assert highlight("a<b & lt", "lt") == "a&lt;b &amp; <mark>lt</mark>"
    assert highlight("x&y", "amp") == "x&amp;y"
    long = "前面的话" * 20 + "路灯坏了" + "后面的话" * 20
    assert "<mark>路灯</mark>坏了" in snippet(long, "路灯") and snippet(long, "路灯").startswith("…")


def test_staff_search_the_inbox_and_a_short_word_is_refused_at_its_field(client, staff_user, deputy_user):
    opinion(content="<script>路灯</script>坏了")
    client.force_login(staff_user)
    page = client.get(reverse("liaison:opinion_list"), {"q": "路灯"}).content.decode()
    assert "&lt;script&gt;<mark>路灯</mark>&lt;/script&gt;" in page
    short = client.get(reverse("liaison:opinion_list"), {"q": "灯"})
    assert short.status_code == 200 and "请至少输入两个字" in short.content.decode()
    client.force_login(deputy_user)
    assert client.get(reverse("liaison:opinion_list"), {"q": "路灯"}).status_code == 403


def test_a_deputy_finds_only_receptions_they_took_part_in(client):
    deputy = DeputyFactory(user=UserFactory(roles=[roles.DEPUTY]))
    station = StationFactory()
    StationMemberFactory(station=station, deputy=deputy)
    other = StationMemberFactory(station=station).deputy
    liaison.reception_log(logged_by=deputy, station=station, day=date.today(), content="反映路灯不亮")
    liaison.reception_log(logged_by=other, station=station, day=date.today(), content="反映路灯太暗")
    client.force_login(deputy.user)
    page = client.get(reverse("liaison:reception_list"), {"q": "路灯"}).content.decode()
    assert "路灯</mark>不亮" in page and "太暗" not in page


def test_the_work_list_searches_titles_and_texts(client, world):
    world.submitted(title="关于增设路灯的建议", content="东门外")
    world.submitted(title="关于停车的建议", content="停车难")
    client.force_login(world.staff)
    page = client.get(reverse("supervision:item_list"), {"q": "路灯"}).content.decode()
    assert "增设<mark>路灯</mark>" in page and "关于停车" not in page
    assert client.get(reverse("supervision:item_list"), {"q": "灯"}).status_code == 200


def test_the_inbox_query_count_does_not_grow_with_matches(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    for n in range(3):
        opinion(content=f"路灯{n}")
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("liaison:opinion_list"), {"q": "路灯"})
    for n in range(20):
        opinion(content=f"路灯{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("liaison:opinion_list"), {"q": "路灯"})


def test_only_the_newest_matches_are_ranked(monkeypatch):
    """A common word at city scale: the newest RANKED matches (in the list's order) are ranked,
    never every match."""
    monkeypatch.setattr("common.search.RANKED", 3)
    for n in range(5):
        opinion(content=f"路灯{n}" + "，路灯" * (n % 2))
    assert sorted(found("路灯")) == ["路灯2", "路灯3，路灯", "路灯4"]
    assert found("路灯")[0] == "路灯3，路灯"  # the best of those three first


def test_the_list_says_when_it_stopped_at_the_ranked_matches(client, staff_user, monkeypatch):
    monkeypatch.setattr("common.search.RANKED", 2)
    for n in range(3):
        opinion(content=f"路灯{n}")
    client.force_login(staff_user)
    page = client.get(reverse("liaison:opinion_list"), {"q": "路灯"}).content.decode()
    assert "只列出最新的 2 条" in page and page.count("<mark>") == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
@pytest.mark.parametrize("table", ["liaison_opinion", "liaison_reception", "supervision_supervisionitem"])
def test_searched_columns_keep_enough_statistics_for_rare_words(table):
    """With PostgreSQL's default 100 most common pairs, a word missing from them was guessed to
    match one row in two hundred and the search walked the whole table newest first."""
    from common.search import STATISTICS

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'search_vector'",
            [table],
        )
        assert cursor.fetchone()[0] == STATISTICS


def test_the_station_filter_is_the_same_select_written_in_one_pass(client):
    """The opinion inbox's station filter (LongSelect): every station an option, names escaped,
    the chosen one selected, the label's attributes kept."""
    from liaison.forms import OpinionInboxFilter

    stations = [StationFactory(name=name) for name in ("东城站", "<b>西城</b>站")]
    html = str(OpinionInboxFilter({"station": stations[1].pk})["station"])
    assert html.startswith('<select name="station"') and 'class="form-select form-select-sm"' in html
    assert 'aria-label="站点"' in html and 'id="id_station"' in html
    assert f'<option value="{stations[1].pk}" selected>&lt;b&gt;西城&lt;/b&gt;站</option>' in html
    assert f'<option value="{stations[0].pk}">东城站</option>' in html and '<option value="">' in html
