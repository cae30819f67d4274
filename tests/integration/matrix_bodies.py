"""Permission-matrix rows for the councils and teams: public /rady-i-zespoly/ and /panel/rady-i-zespoly/.

Everyone sees the public pages and the act establishing a body; officers and administrators
manage bodies, terms and memberships; the executive reads the officers' pages. In a civic
dialogue commission's election only a representative of a registered organisation gets the
ballot; the scan of the paper ballots is for officers and administrators.
"""

NOT_PAGES: set[str] = set()

# Downloads, not pages: the accessibility sweep checks only their status and content type.
DOWNLOADS = {"body legal basis PDF": "application/pdf", "panel election ballots scan": "application/pdf"}


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

    from tests.bodies.factories import commission, election

    kdo = commission([w["org"]])  # the representative's organisation votes in it
    kdo.name, kdo.slug = "Komisja Dialogu Obywatelskiego (macierz)", "kdo-macierz"
    kdo.save()
    w["kdo"] = kdo
    w["election"] = election(kdo)
    w["election"].paper_ballots_scan.save("karty.pdf", ContentFile(make_pdf(note="Karty")))


def rows(url, slug, pk):
    everyone = [200] * 9
    #               anon resid  rep  edit  offi  exec  admin comm council
    readers = [302, 403, 403, 403, 200, 200, 200, 403, 403]
    managers = [302, 403, 403, 403, 200, 403, 200, 403, 403]

    member_create_name = "bodies_panel:member_create"  # in the closure: the matrix's coverage check reads it

    def member_create(w):
        return url(member_create_name, w["body"].pk, w["body_term"].pk)(w)

    return [
        ("bodies list", url("bodies:list"), everyone),
        ("body page", url("bodies:detail", slug("body")), everyone),
        ("body legal basis PDF", url("bodies:legal_basis", slug("body")), everyone),
        ("panel bodies", url("bodies_panel:list"), readers),
        ("panel body", url("bodies_panel:detail", pk("body")), readers),
        ("panel body create", url("bodies_panel:create"), managers),
        ("panel body edit", url("bodies_panel:edit", pk("body")), managers),
        ("panel body term create", url("bodies_panel:term_create", pk("body")), managers),
        ("panel body member create", member_create, managers),
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
        ("panel election count", url("bodies_panel:election_count", pk("election")), managers),
        ("panel election cancel", url("bodies_panel:election_cancel", pk("election")), managers),
    ]
