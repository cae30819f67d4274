"""Permission-matrix rows for consultations: /konsultacje/ and the officers' /panel/konsultacje/;
see matrix_small_grants.py for the format."""

NOT_PAGES: set[str] = set()

DOWNLOADS = {
    "consultation report PDF": "application/pdf",
    "panel consultation comments CSV": "text/csv",
    "panel consultation comments XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "consultations Atom": "application/atom+xml",
    "consultations iCal": "text/calendar",
    "consultation comments CSV": "text/csv",
    "panel consultation scan": "application/pdf",
    "panel meeting registrations CSV": "text/csv",
}


def build(w):
    """A draft consultation, an open one for organisations (with the representative's draft
    comment on its § 3), a request for the opinion of a council whose secretary is the council
    persona, a closed consultation answered with Raport 1, a consultation open to residents with
    a resident's unconfirmed comment, a comment received on paper and an open meeting."""
    from django.core import signing
    from django.utils import timezone

    from tests.bodies.factories import BodyFactory, MembershipFactory, full_term
    from tests.consultations.factories import (
        closed_with_comments,
        draft_consultation,
        meeting,
        open_consultation,
        paper_comment,
    )
    from wspolpraca.bodies.enums import MemberRole
    from wspolpraca.consultations import opinions, participation, services
    from wspolpraca.consultations.enums import Participants

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
    w["cons_residents"] = open_consultation(
        officer, title="Konsultacje (macierz, z mieszkańcami)", participants=Participants.ORGANISATIONS_AND_RESIDENTS
    )
    w["cons_paper"] = paper_comment(officer, w["cons_open"], scan=True)
    w["cons_meeting"] = meeting(officer, w["cons_open"], registrations=1)
    resident = participation.submit_resident_comment(
        consultation=w["cons_residents"],
        data={"sender_name": "Anna Mieszkanka", "email": "anna@example.org", "justification": "Uzasadnienie"},
        ip="192.0.2.10",
    )
    w["cons_confirm_token"] = signing.dumps(resident.pk, salt=participation.CONFIRM_SALT)
    w["cons_unsubscribe_token"] = participation.unsubscribe_token(participation.save_alert(user=w["user"]))


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
        # Residents without an account; a person signed in is sent to the comment form of their own.
        (
            "consultation resident comment",
            url("consultations:resident_comment", pk("cons_residents")),
            [200, 302, 302, 302, 302, 302, 302, 302, 302],
        ),
        ("consultation comments CSV", url("consultations:comments_csv", pk("cons_open")), everyone),
        (
            "consultation meeting registration",
            url("consultations:meeting_register", pk("cons_open"), pk("cons_meeting")),
            everyone,
        ),
        (
            "consultation comment confirmation",
            url("consultations:comment_confirm", token("cons_confirm_token")),
            everyone,
        ),
        ("consultations Atom", url("consultations:feed_atom"), everyone),
        ("consultations iCal", url("consultations:calendar_ics"), everyone),
        ("consultation alerts", url("consultations:alerts"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
        (
            "consultation alert unsubscribe",
            url("consultations:alert_unsubscribe", token("cons_unsubscribe_token")),
            everyone,
        ),
        ("panel consultation intake", url("consultations_panel:intake", pk("cons_open")), officers),
        (
            "panel consultation scan",
            url("consultations_panel:scan", pk("cons_open"), pk("cons_paper")),
            panel,
        ),
        ("panel consultation meeting add", url("consultations_panel:meeting_add", pk("cons_open")), officers),
        ("panel consultation meeting", url("consultations_panel:meeting", pk("cons_open"), pk("cons_meeting")), panel),
        (
            "panel consultation meeting edit",
            url("consultations_panel:meeting_edit", pk("cons_open"), pk("cons_meeting")),
            officers,
        ),
        (
            "panel meeting registrations CSV",
            url("consultations_panel:registrations_csv", pk("cons_open"), pk("cons_meeting")),
            panel,
        ),
    ]


def token(key):
    return lambda w: w[key]
