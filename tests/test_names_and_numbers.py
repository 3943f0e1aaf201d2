"""Small rules on what people type: mobiles with a country code, file names with direction marks."""

from common.phones import mobile_digits
from common.responses import download_name


def test_a_mobile_with_its_country_code_is_the_same_mobile():
    for typed in ("+86 139 0000 0040", "0086-13900000040", "８６１３９００００００４０", "13900000040"):
        assert mobile_digits(typed) == "13900000040"
    assert mobile_digits("0579-87123456") == "057987123456"  # a landline keeps its digits


def test_a_download_name_has_no_direction_marks():
    name = download_name("报告\u202exslx.exe", "站\u2066点", extension="xlsx")
    assert "\u202e" not in name and "\u2066" not in name and name.endswith(".xlsx")
