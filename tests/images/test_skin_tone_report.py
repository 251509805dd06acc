from conditions.reports import skin_tone_gaps
from images.models import SkinTone


def test_conditions_pictured_on_one_skin_tone_are_listed(admin_client, make_image, make_condition,
                                                         django_assert_num_queries):  # fmt: skip
    light = make_image(slug="rash-light", title="Rash, light skin", skin_tone=SkinTone.II)
    make_image(slug="rash-dark", title="Rash, dark skin", skin_tone=SkinTone.V)
    make_image(slug="rash-light-2", title="Rash, light skin, close", skin_tone=SkinTone.II)
    make_image(slug="diagram", title="A diagram")
    make_condition(name="Skin changes", overview="![Rash](image:rash-light)\n\n![Rash](image:rash-light-2)")
    make_condition(name="Rash", image=light, image_alt="Rash", overview="![Rash](image:rash-dark)")
    make_condition(name="Polyneuropathy", overview="![Nerves](image:diagram)")

    with django_assert_num_queries(2):  # the conditions with their lead images; the photographs embedded
        gaps = skin_tone_gaps()
    page = admin_client.get("/admin/skin-tones/").content.decode()

    assert [(gap.condition.name, gap.skin_tones) for gap in gaps] == [("Skin changes", ["Fitzpatrick II"])]
    assert "Skin changes" in page and "Rash, light skin, close" in page
    assert "Polyneuropathy" not in page


def test_the_report_is_for_staff_only(client, db):
    assert client.get("/admin/skin-tones/").status_code == 302
