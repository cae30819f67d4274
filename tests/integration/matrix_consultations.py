"""Permission-matrix rows for consultations: /konsultacje/ and the officers' /panel/konsultacje/;
see matrix_small_grants.py for the format."""

NOT_PAGES: set[str] = set()

DOWNLOADS = {
    "consultation report PDF": "application/pdf",
    "panel consultation comments CSV": "text/csv",
    "panel consultation comments XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def build(w):
    """A draft consultation, an open one for organisations (with the representative's draft
    comment on its § 3), a request for the opinion of a council whose secretary is the council
    persona, and a closed consultation answered with Raport 1."""
    from django.utils import timezone

    from tests.bodies.factories import BodyFactory, MembershipFactory, full_term
    from tests.consultations.factories import closed_with_comments, draft_consultation, open_consultation
    from wspolpraca.bodies.enums import MemberRole
    from wspolpraca.consultations import opinions, services

    officer = w["officer"]
    w["cons_draft"] = draft_consultation(officer, title="Konsultacje (macierz, szkic)")
    w["cons_unit"] = w["cons_draft"].versions.get().units.get(label="§ 3")
    w["cons_open"] = open_consultation(officer, title="Konsultacje (macierz, otwarte)")
    w["cons_comment"] = services.save_comment(
        actor=w["representative"],
        consultation=w["cons_open"],
        data={"unit": w["cons_open"].versions.get().units.get(label="§ 3"), "justification": "Uzasadnienie"},
    )
    council = BodyFactory(name="Rada (macierz opinii)", slug="rada-opinie-macierz")
    MembershipFactory(term=full_term(body=council), user=w["council_member"], role=MemberRole.SECRETARY)
    w["opinion_request"] = opinions.request_opinion(
        actor=officer,
        data={"body": council, "consultation": w["cons_open"], "delivered_on": timezone.localdate()},
    )
    # A closed consultation, its comment answered and Raport 1 published.
    w["cons_closed"], comments = closed_with_comments(
        officer, [(w["representative"], w["org"])], title="Konsultacje (macierz, z raportem)"
    )
    w["cons_closed_comment"] = comments[0]
    services.answer_comments(
        actor=officer, consultation=w["cons_closed"], comments=comments, verdict="accepted", reason="Uwzględniono."
    )
    w["cons_report"] = services.publish_report(actor=officer, consultation=w["cons_closed"])


def rows(url, slug, pk):
    everyone = [200] * 9
    staff_only = [404, 404, 404, 404, 200, 200, 200, 404, 404]
    panel = [302, 403, 403, 403, 200, 200, 200, 403, 403]
    officers = [302, 403, 403, 403, 200, 403, 200, 403, 403]
    # Comments on a consultation for organisations: their representatives and editors (and the
    # administrator, whom Django grants every permission).
    participants = [302, 403, 200, 200, 403, 403, 200, 403, 403]
    # The representative's own draft: the editor of the same organisation may comment but not
    # open another person's draft.
    own_draft = [302, 403, 200, 404, 403, 403, 404, 403, 403]

    #                                                          anon resid  rep  edit  offi  exec  admin comm council
    return [
        ("consultations", url("consultations:list"), everyone),
        ("consultation (open)", url("consultations:detail", pk("cons_open")), everyone),
        ("consultation (draft)", url("consultations:detail", pk("cons_draft")), staff_only),
        ("consultation comment", url("consultations:comment_add", pk("cons_open")), participants),
        (
            "consultation own draft comment",
            url("consultations:comment_edit", pk("cons_open"), pk("cons_comment")),
            own_draft,
        ),
        ("panel consultations", url("consultations_panel:list"), panel),
        ("panel consultation add", url("consultations_panel:add"), officers),
        ("panel consultation", url("consultations_panel:detail", pk("cons_open")), panel),
        ("panel consultation edit", url("consultations_panel:edit", pk("cons_draft")), officers),
        (
            "panel consultation unit",
            url("consultations_panel:unit_edit", pk("cons_draft"), pk("cons_unit")),
            officers,
        ),
        (
            "panel consultation announce (POST only)",
            url("consultations_panel:announce", pk("cons_draft")),
            [302, 403, 403, 403, 405, 403, 405, 403, 403],
        ),
        ("panel consultation cancel", url("consultations_panel:cancel", pk("cons_open")), officers),
        # Opinion requests: public; the opinion is recorded by the body's secretary (the council
        # persona here) or an officer.
        ("opinion request", url("consultations:opinion", pk("opinion_request")), everyone),
        (
            "opinion request record",
            url("consultations:opinion_record", pk("opinion_request")),
            [302, 403, 403, 403, 200, 403, 200, 403, 200],
        ),
        ("panel opinion requests", url("opinions_panel:list"), panel),
        ("panel opinion request", url("opinions_panel:detail", pk("opinion_request")), panel),
        ("panel opinion request add", url("opinions_panel:add"), officers),
        ("panel opinion request withdraw", url("opinions_panel:withdraw", pk("opinion_request")), officers),
        ("consultation report", url("consultations:report", pk("cons_closed"), 1), everyone),
        ("consultation report PDF", url("consultations:report_pdf", pk("cons_closed"), 1), everyone),
        ("panel consultation answers", url("consultations_panel:answers", pk("cons_closed")), officers),
        (
            "panel consultation comment hide",
            url("consultations_panel:comment_hide", pk("cons_closed"), pk("cons_closed_comment")),
            officers,
        ),
        ("panel consultation report add", url("consultations_panel:report_add", pk("cons_closed")), officers),
        ("panel consultation final text", url("consultations_panel:final_text", pk("cons_closed")), officers),
        ("panel consultation comments CSV", url("consultations_panel:comments_csv", pk("cons_closed")), officers),
        ("panel consultation comments XLSX", url("consultations_panel:comments_xlsx", pk("cons_closed")), officers),
    ]
