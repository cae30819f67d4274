"""Permission-matrix rows for the councils and teams: public /rady-i-zespoly/ and /panel/rady-i-zespoly/.

Everyone sees the public pages and the act establishing a body; officers and administrators
manage bodies, terms and memberships; the executive reads the officers' pages. In a civic
dialogue commission's election only a representative of a registered organisation gets the
ballot; the scan of the paper ballots and the candidates' signed consents are for officers and
administrators. Meetings: the
public sees the meeting, adopted resolutions, published minutes and public papers; the body's
members (here komisja1@, the body's secretary) also its working papers and members' area; the
secretary records attendance and votes on the meeting's panel page; officers manage meetings.
"""

NOT_PAGES: set[str] = set()

# Downloads, not pages: the accessibility sweep checks only their status and content type.
DOWNLOADS = {
    "body legal basis PDF": "application/pdf",
    "panel election ballots scan": "application/pdf",
    "panel election candidate consent": "application/pdf",
    "body minutes PDF": "application/pdf",
    "body public paper": "application/pdf",
    "body working paper": "application/pdf",
}


def build(w):
    """The council with its act, a running term with a member and a past term."""
    import datetime

    from django.core.files.base import ContentFile

    from tests.bodies.factories import BodyFactory, MembershipFactory, TermFactory, full_term
    from tests.pdfs import make_pdf

    body = BodyFactory(name="Płocka Rada Działalności Pożytku Publicznego (macierz)", slug="rada-macierz")
    body.act_pdf.save("uchwala.pdf", ContentFile(make_pdf(note="Uchwala")))
    term = full_term(body=body)
    past = TermFactory(
        body=body, start=term.start - datetime.timedelta(days=1096), end=term.start - datetime.timedelta(days=1)
    )
    MembershipFactory(term=past, name="Członek Poprzedniej Kadencji")
    w["body"] = body
    w["body_term"] = term
    w["body_membership"] = term.memberships.order_by("pk").first()
    _meetings(w, term)
    _elections(w)


def _meetings(w, term):
    """A held meeting with a public and a working paper, an adopted resolution and published
    minutes (approved at a second meeting); komisja1@ is the body's secretary."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.bodies.factories import MembershipFactory
    from tests.pdfs import make_pdf
    from wspolpraca.bodies import meetings

    officer = w["officer"]
    MembershipFactory(term=term, user=w["commission_member"], role="secretary", name="Sekretarz Macierzy")
    meeting = meetings.create_meeting(
        actor=officer, term=term, starts_at=timezone.now() - datetime.timedelta(days=2), place="Sala 101"
    )
    item = meetings.add_agenda_item(actor=officer, meeting=meeting, title="Opinia o programie współpracy")
    papers = {}
    for public in (True, False):
        upload = SimpleUploadedFile("p.pdf", make_pdf(note="Dokument"), content_type="application/pdf")
        papers[public] = meetings.add_document(actor=officer, item=item, title="Dokument", upload=upload, public=public)
    seats = meetings.members_at(meeting)
    meetings.record_attendance(actor=officer, meeting=meeting, presence={s.pk: "present" for s in seats})
    resolution = meetings.create_resolution(
        actor=officer, meeting=meeting, kind="opinion", outcome="positive", subject="Program", text="Opinia."
    )
    meetings.record_votes(actor=officer, resolution=resolution, votes={s.pk: "for" for s in seats})
    meetings.mark_meeting_held(actor=officer, meeting=meeting)
    minutes = meetings.save_minutes(actor=officer, meeting=meeting, text="Przebieg posiedzenia.")
    meetings.send_minutes(actor=officer, minutes=minutes)
    later = meetings.create_meeting(
        actor=officer, term=term, starts_at=timezone.now() - datetime.timedelta(days=1), place="Sala 101"
    )
    meetings.approve_minutes(actor=officer, minutes=minutes, at_meeting=later)
    meetings.publish_minutes(actor=officer, minutes=minutes)
    w["body_meeting"] = meeting
    w["body_planned_meeting"] = later  # still planned: its agenda can be changed
    meetings.add_agenda_item(actor=officer, meeting=later, title="Wolne wnioski")
    w["body_resolution"] = resolution
    w["body_public_paper"] = papers[True]
    w["body_working_paper"] = papers[False]


def _elections(w):
    """A civic dialogue commission with the representative's organisation registered, voting now."""
    from django.core.files.base import ContentFile

    from tests.bodies.factories import commission, election
    from tests.pdfs import make_pdf

    kdo = commission([w["org"]])  # the representative's organisation votes in it
    kdo.name, kdo.slug = "Komisja Dialogu Obywatelskiego (macierz)", "kdo-macierz"
    kdo.save()
    w["kdo"] = kdo
    w["election"] = election(kdo)
    w["election"].paper_ballots_scan.save("karty.pdf", ContentFile(make_pdf(note="Karty")))
    w["candidate"] = w["election"].candidates.order_by("pk").first()
    w["candidate"].consent_file.save("zgoda.pdf", ContentFile(make_pdf(note="Zgoda")))


def rows(url, slug, pk):
    everyone = [200] * 9
    #               anon resid  rep  edit  offi  exec  admin comm council
    readers = [302, 403, 403, 403, 200, 200, 200, 403, 403]
    managers = [302, 403, 403, 403, 200, 403, 200, 403, 403]

    member_create_name = "bodies_panel:member_create"  # in the closure: the matrix's coverage check reads it

    def member_create(w):
        return url(member_create_name, w["body"].pk, w["body_term"].pk)(w)

    members = [404, 404, 404, 404, 200, 404, 200, 200, 404]  # komisja1@ sits on the body
    recorders = [302, 403, 403, 403, 200, 403, 200, 200, 403]

    resolution_name = "bodies:resolution"

    def resolution(w):
        r = w["body_resolution"]
        return url(resolution_name, r.body.slug, r.year, r.number)(w)

    return [
        ("bodies list", url("bodies:list"), everyone),
        ("body meeting", url("bodies:meeting", slug("body"), pk("body_meeting")), everyone),
        ("body resolution", resolution, everyone),
        ("body minutes", url("bodies:minutes", slug("body"), pk("body_meeting")), everyone),
        ("body minutes PDF", url("bodies:minutes_pdf", slug("body"), pk("body_meeting")), everyone),
        ("body public paper", url("bodies:document", slug("body"), pk("body_public_paper")), everyone),
        ("body working paper", url("bodies:document", slug("body"), pk("body_working_paper")), members),
        ("body members' area", url("bodies:members_area", slug("body")), members),
        ("panel body meeting create", url("bodies_panel:meeting_create", pk("body")), managers),
        ("panel body meeting", url("bodies_panel:meeting", pk("body_meeting")), recorders),
        ("panel body planned meeting", url("bodies_panel:meeting", pk("body_planned_meeting")), recorders),
        ("body page", url("bodies:detail", slug("body")), everyone),
        ("body legal basis PDF", url("bodies:legal_basis", slug("body")), everyone),
        ("panel bodies", url("bodies_panel:list"), readers),
        ("panel body", url("bodies_panel:detail", pk("body")), readers),
        ("panel body create", url("bodies_panel:create"), managers),
        ("panel body edit", url("bodies_panel:edit", pk("body")), managers),
        ("panel body term create", url("bodies_panel:term_create", pk("body")), managers),
        ("panel body member create", member_create, managers),
        ("panel body membership change", url("bodies_panel:membership_change", pk("body_membership")), managers),
        ("panel body membership end", url("bodies_panel:membership_end", pk("body_membership")), managers),
        ("panel body delegate", url("bodies_panel:delegate", pk("body_membership")), managers),
        # elections in a civic dialogue commission
        ("election page", url("bodies:election", slug("kdo"), pk("election")), everyone),
        (
            "election ballot",
            url("bodies:vote", slug("kdo"), pk("election")),
            [302, 403, 200, 403, 403, 403, 403, 403, 403],
        ),
        (
            "election candidate declaration",
            url("bodies:declare", slug("kdo"), pk("election")),
            [302, 403, 200, 403, 403, 403, 403, 403, 403],
        ),
        ("panel commission organisations", url("bodies_panel:organisations", pk("kdo")), readers),
        ("panel election create", url("bodies_panel:election_create", pk("kdo")), managers),
        ("panel election", url("bodies_panel:election", pk("election")), readers),
        ("panel election candidacies", url("bodies_panel:election_candidacies", pk("election")), managers),
        ("panel election candidate", url("bodies_panel:candidate_create", pk("election")), managers),
        ("panel election voting", url("bodies_panel:election_voting", pk("election")), managers),
        ("panel election paper ballots", url("bodies_panel:paper_ballots", pk("election")), managers),
        ("panel election ballots scan", url("bodies_panel:ballots_scan", pk("election")), managers),
        ("panel election candidate consent", url("bodies_panel:consent", pk("election"), pk("candidate")), managers),
        ("panel election count", url("bodies_panel:election_count", pk("election")), managers),
        ("panel election cancel", url("bodies_panel:election_cancel", pk("election")), managers),
    ]
