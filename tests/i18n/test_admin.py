"""The admin and the editors' tools in Spanish for a staff member whose browser prefers it
(config/languages.py): the core's screens, messages and form errors, with none of the English
they would otherwise show. English stays as it was: the other tests read it."""

import datetime

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from portal.models import Status
from portal.ops.security import locked_out
from portal.plain_text import day_and_time_in_words, day_in_words
from portal.publishing.workflow import scheduled_for
from tests.forms import change_url, form_of

SPANISH = {"accept-language": "es-ES,es;q=0.9,en;q=0.5"}


def spanish(user) -> Client:
    """A signed-in staff member whose browser asks for Spanish."""
    client = Client(headers=SPANISH)
    client.force_login(user)
    return client


def admin_page(item, view: str) -> str:
    return change_url(item).removesuffix("change/") + f"{view}/"


def assert_in_spanish(html: str, spanish_texts: list[str], english_texts: list[str]) -> None:
    assert '<html lang="es"' in html
    for text in spanish_texts:
        assert text in html, text
    for text in english_texts:
        assert text not in html, text


@pytest.fixture
def draft(make_condition):
    return make_condition(slug="poems-syndrome", name="POEMS syndrome", status=Status.DRAFT, published_at=None)


@pytest.fixture
def live_with_changes(make_condition, editor):
    """A live condition whose editor has changed it and submitted the change for review."""
    live = make_condition(slug="crow-fukase", name="Crow–Fukase syndrome", summary="A rare blood disorder.")
    client = spanish(editor)
    data = form_of(client, change_url(live), "condition")
    data.update({"summary": ["A rare disorder of the blood and nerves."], "_workflow": ["submit"]})
    assert client.post(change_url(live), data).status_code == 302
    return live


def test_a_condition_form_in_spanish(reviewer, draft):
    html = spanish(reviewer).get(change_url(draft)).content.decode()

    assert_in_spanish(
        html,
        [
            ">Publicación</h2>",  # the fieldsets every content type shares
            "Los pacientes solo ven un elemento cuando está publicado",
            ">Revisión médica</h2>",
            "Use «Marcar como revisado» para registrar una nueva revisión",
            "Dónde se usa",
            "El revisor médico que avala este contenido.",  # a help text
            'aria-label="Publicado el: fecha"',  # the date and time inputs' names
            '<option value="draft" selected>Borrador</option>',
            "Todavía no se ha publicado.",
            "Revíselo y dé el visto bueno",
            'aria-label="Flujo de trabajo"',
            "Flujo de trabajo (también guarda sus cambios):",
            ">Enviar a revisión</button>",
            ">Marcar como revisado</button>",
            ">Archivar</button>",
            '"move_up": "Subir"',  # what the admin's scripts say
        ],
        [
            "Publishing",
            "Medical review",
            "Where this is used",
            "The medical reviewer who vouches",
            "Published at: date",
            ">Draft<",
            "Not yet published",
            "Check it and sign it off",
            "Workflow",
            "Submit for review",
            "Mark as reviewed",
            ">Archive<",
            "Move up",
        ],
    )


def test_a_live_page_speaks_of_its_working_copy_in_spanish(editor, make_condition):
    live = make_condition(name="Crow–Fukase syndrome")
    client = spanish(editor)

    html = client.get(change_url(live)).content.decode()
    assert_in_spanish(html, ["<strong>Esta página está publicada.</strong>"], ["This page is live"])

    data = form_of(client, change_url(live), "condition")
    data.update({"summary": ["A rare disorder of the blood and nerves."], "_workflow": ["submit"]})
    html = client.post(change_url(live), data, follow=True).content.decode()

    assert_in_spanish(
        html,
        [
            "Copia de trabajo enviada a revisión: los pacientes siguen viendo la versión publicada",
            "<strong>Está editando la copia de trabajo</strong> (pendiente de visto bueno, guardada por última vez el",
            "Vista previa de la copia de trabajo",
            "Comparar con la versión publicada",
        ],
        ["Working copy submitted for review", "You are editing the working copy", "Compare with published"],
    )


def test_the_sign_off_screen_in_spanish(reviewer, live_with_changes):
    html = spanish(reviewer).get(admin_page(live_with_changes, "sign-off")).content.decode()

    assert_in_spanish(
        html,
        [
            "<title>Visto bueno: «Crow–Fukase syndrome» | Edición del portal de salud</title>",
            "Cambios de la copia de trabajo, guardada por última vez por edna el",
            "Estado: <strong>Pendiente de visto bueno</strong>.",
            "Las palabras eliminadas aparecen <del>tachadas</del> y las añadidas, <ins>subrayadas</ins>.",
            '<th scope="col">Campo</th><th scope="col">Cambio</th>',
            "Nivel de lectura ",
            "<h2>Visto bueno médico</h2>",
            "Publicar el (opcional):",
            "Déjelo vacío para publicar ahora.",
            "Nota para el histórico (opcional):",
            'value="Aprobar y publicar"',
            "Descartar la copia de trabajo…",
        ],
        [
            "Sign-off",
            "Changes in the working copy",
            "State:",
            "Removed words are",
            ">Change<",
            "Reading grade",
            "Medical sign-off",
            "Go live at",
            "Note for the history",
            "Health portal editing",
        ],
    )


def test_sign_off_messages_in_spanish(reviewer, live_with_changes):
    client = spanish(reviewer)
    url = admin_page(live_with_changes, "sign-off")

    impossible = client.post(url, {"go_live_at": "2027-02-31T09:00"}, follow=True).content.decode()
    assert_in_spanish(
        impossible,
        ["Escriba la hora de publicación como una fecha y una hora."],
        ["Enter the go-live time"],
    )

    later = timezone.localtime() + datetime.timedelta(days=2)
    scheduled = client.post(url, {"go_live_at": later.strftime("%Y-%m-%dT%H:%M")}, follow=True).content.decode()
    assert_in_spanish(
        scheduled,
        [f"«Crow–Fukase syndrome»: Aprobado: los cambios se publicarán a las {later:%H:%M} del "],
        ["Approved: the changes go live"],
    )


def test_the_review_queue_in_spanish(reviewer, make_condition, draft, live_with_changes):
    today = timezone.localdate()
    make_condition(name="Overdue page", last_reviewed=today - datetime.timedelta(days=1200),
                   next_review_due=today - datetime.timedelta(days=3))  # fmt: skip
    make_condition(name="Due page", last_reviewed=today - datetime.timedelta(days=1000),
                   next_review_due=today + datetime.timedelta(days=10))  # fmt: skip
    draft.status = Status.IN_REVIEW
    draft.save()

    html = spanish(reviewer).get("/admin/").content.decode()

    assert_in_spanish(
        html,
        [
            '<h2 id="review-panel-heading">Cola de revisión médica</h2>',
            "<strong>Pendientes de mi visto bueno (1):</strong>",
            "</a>: cambios de edna, enviados el ",
            "Revisión vencida (1):",
            "(publicado, vencía el ",
            "Vence en los próximos 30 días (1):",
            "Enviado a revisión, a la espera de un revisor médico (1):",
            "Informe de enlaces internos rotos",
            ">Autores</a>",  # the core's app, named for what editors find there
        ],
        [
            "Medical review queue",
            "Waiting for my sign-off",
            "changes by",
            "Review overdue",
            "was due",
            "Due within 30 days",
            "waiting for a medical reviewer",
            "Broken internal links report",
            ">Authors<",
        ],
    )


def test_the_history_page_in_spanish(reviewer, draft):
    client = spanish(reviewer)
    approved = client.post(admin_page(draft, "sign-off"), {"go_live_at": ""}, follow=True).content.decode()
    assert "«POEMS syndrome»: Aprobado y publicado." in approved

    html = client.get(admin_page(draft, "history")).content.decode()

    assert_in_spanish(
        html,
        [
            "<h2>Versiones que vieron los pacientes</h2>",
            "Cada versión que se publicó, con su visto bueno médico",
            '<th scope="col">Publicada desde</th><th scope="col">Aprobada por</th>',
            "Tal como se publicó el ",
            "Ver esta página exactamente como la vieron los pacientes el",
            "<h2>Copia de trabajo</h2>",
            "No hay cambios sin publicar.",
            "<h2>Versiones guardadas</h2>",
            "Versiones guardadas de «POEMS syndrome», de la más reciente a la más antigua.",
            'aria-label="Comparar desde la versión del ',
            "<td>Aprobado y publicado</td>",  # the history line, written in the reviewer's language
            "Actual",
        ],
        [
            "Versions patients were shown",
            "Live from",
            "As published on",
            "No unpublished changes",
            "Saved versions",
            "Compare from the version",
            "Approved and published",
            "Current",
        ],
    )


def test_the_broken_links_report_in_spanish(reviewer, make_condition):
    make_condition(name="Linking page", status=Status.DRAFT, published_at=None,
                   overview="See [the missing page](condition:no-such-page).")  # fmt: skip

    html = spanish(reviewer).get("/admin/broken-links/").content.decode()

    assert_in_spanish(
        html,
        [
            "<title>Enlaces internos rotos | Edición del portal de salud</title>",
            "&rsaquo; Enlaces internos rotos</div>",
            "Páginas cuyo texto enlaza a una enfermedad, un medicamento o un artículo que no existe",
            '<th scope="col">Página</th><th scope="col">Estado</th><th scope="col">Enlaces que no funcionan</th>',
            "<td>Borrador</td>",
            "<code>(condition:no-such-page)</code>",
        ],
        ["Broken internal links", "Pages whose text links", "Links that do not work", ">Page<", ">Draft<"],
    )


def test_form_errors_in_spanish(reviewer, admin_user, draft):
    client = spanish(reviewer)
    url = change_url(draft)
    data = form_of(client, url, "condition")
    data.update({"status": "published", "published_at_0": "2027-02-31", "published_at_1": "09:00"})
    impossible_date = client.post(url, data).content.decode()

    data = form_of(client, url, "condition")
    data.update({"last_reviewed": "2025-10-01", "next_review_due": "2025-09-01"})
    review_before_last = client.post(url, data).content.decode()

    client = spanish(admin_user)  # code rows are an admin's
    data = form_of(client, url, "condition")
    data.update({"codes-TOTAL_FORMS": ["1"], "codes-0-system": ["icd10cm"], "codes-0-code": ["D47.Z8"]})
    data["codes-0-position"] = ["1"]
    unknown_code = client.post(url, data).content.decode()

    assert_in_spanish(impossible_date, ["Introduzca una fecha válida."], ["Enter a valid date"])
    assert_in_spanish(
        review_before_last,
        ["La próxima revisión debe ser posterior a la última revisión."],
        ["The next review must fall after the last review"],
    )
    assert_in_spanish(
        unknown_code,
        ["D47.Z8 no está en el conjunto de códigos ICD-10-CM. Use un código como D47.Z9, con su punto."],
        ["is not in the ICD-10-CM code set"],
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.next_review_due is None and not draft.codes.exists()


def test_an_editor_is_refused_publishing_in_spanish(editor, draft):
    client = spanish(editor)
    data = form_of(client, change_url(draft), "condition")
    data["_workflow"] = ["publish"]

    html = client.post(change_url(draft), data).content.decode()

    assert_in_spanish(html, ["Solo los revisores médicos pueden «aprobar y publicar»."], ["Only medical reviewers"])


def test_list_actions_report_in_spanish(reviewer, make_condition):
    pages = [make_condition(name=f"Page {number}") for number in range(2)]
    response = spanish(reviewer).post(
        "/admin/conditions/condition/",
        {"action": "archive", "_selected_action": [page.pk for page in pages]},
        follow=True,
    )

    assert_in_spanish(response.content.decode(), ["Archivar: 2 elementos."], ["item(s)"])


def test_the_readability_panel_speaks_the_staff_members_language(editor):
    text = {"content": "Plain words here. Another short one.", "format": "plain"}

    english = spanish(editor).post("/markdownx/readability/", text, headers={"accept-language": "en"}).json()
    answer = spanish(editor).post("/markdownx/readability/", text).json()

    assert english["text"]["counts"] == "6 words in 2 sentences."
    assert english["text"]["verdict"] == "Too short to judge: the target applies from 100 words."
    assert answer["text"]["counts"] == "6 palabras en 2 oraciones."
    assert answer["text"]["summary"].startswith("Nivel de lectura ") and "objetivo" in answer["text"]["summary"]
    assert (
        answer["text"]["verdict"] == "Demasiado corto para valorarlo: el objetivo se aplica a partir de 100 palabras."
    )
    too_long = spanish(editor).post("/markdownx/readability/", {"content": "a" * 200_001}).json()
    assert too_long["error"] == "El texto es demasiado largo para comprobarlo: como máximo 200\xa0000 caracteres."


def test_the_admin_scripts_words_follow_the_language(client, db):
    english = client.get("/admin/login/").content.decode()
    spanish_page = client.get("/admin/login/", headers=SPANISH).content.decode()

    assert_in_spanish(
        spanish_page,
        ["<h1>Inicie sesión para editar</h1>", '"move_down": "Bajar"', '"search": "Buscar %(label)s"'],
        ["Sign in to edit", "Move down"],
    )
    assert "<h1>Sign in to edit</h1>" in english and '"move_down": "Move down"' in english


def test_the_lock_out_page_in_spanish(settings):
    settings.LOGIN_LOCKOUT_SECONDS = 900
    with translation.override("es"):
        html = locked_out(RequestFactory().get("/admin/login/")).content.decode()

    assert_in_spanish(
        html,
        [
            "<h1>Inicio de sesión en pausa</h1>",
            "Demasiados intentos fallidos de inicio de sesión. Espere 15 minutos y vuelva a intentarlo.",
            "avise a un administrador",
        ],
        ["Log-in paused", "Too many failed", "tell an administrator"],
    )


def test_days_and_times_in_the_staff_members_words():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 5))
    with translation.override("en-gb"):
        assert day_in_words(moment) == "5 March 2026" and day_in_words(moment, padded=True) == "05 March 2026"
        assert day_and_time_in_words(moment) == "5 March 2026, 14:05"
        assert scheduled_for(moment) == "Scheduled for 05 March 2026 14:05"
    with translation.override("es"):
        assert day_in_words(moment) == day_in_words(moment, padded=True) == "5 de marzo de 2026"
        assert day_and_time_in_words(moment) == "5 de marzo de 2026, 14:05"
        assert scheduled_for(moment) == "Programado para el 5 de marzo de 2026 a las 14:05"
