"""Permission-matrix rows for the councils and teams: public /rady-i-zespoly/ and /panel/rady-i-zespoly/.

Everyone sees the public pages and the act establishing a body; officers and administrators
manage bodies, terms and memberships; the executive reads the officers' pages.
"""

NOT_PAGES: set[str] = set()

# Downloads, not pages: the accessibility sweep checks only their status and content type.
DOWNLOADS = {"body legal basis PDF": "application/pdf"}


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
    ]
