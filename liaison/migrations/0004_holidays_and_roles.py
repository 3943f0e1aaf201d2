"""Seed the statutory holidays chinese-calendar knows, and give staff the station workflow."""

from django.db import migrations

from congress_portal.accounts import roles

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def seed(apps, schema_editor):
    from chinese_calendar.constants import holidays

    Holiday = apps.get_model("liaison", "Holiday")
    existing = set(Holiday.objects.values_list("date", flat=True))
    Holiday.objects.bulk_create(
        Holiday(date=day, name=HOLIDAY_NAMES.get(str(name), str(name)))
        for day, name in holidays.items()
        if day not in existing
    )
    roles.grant(
        apps,
        roles.STAFF,
        roles.model_perms(
            "liaison", "holiday", "receptionshift", "shiftassignment", "activity", "archiveentry", "archivefile"
        )
        + ["liaison.view_shiftswap", "liaison.view_reception", "liaison.view_opinion", "liaison.view_consultation"]
        + roles.model_perms("deputies", "leave", "dutyreport"),
    )


class Migration(migrations.Migration):
    dependencies = [("liaison", "0003_station_workflow"), ("deputies", "0003_dutyreport_leave")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
