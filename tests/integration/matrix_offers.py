"""Permission-matrix rows for offers: the NGO editor and submission under /oferty/.

`build(w)` adds the objects the rows need to the world dict (the persona fixtures already
exist: officer, executive, representative and editor of w["org"], …); `rows(url, slug, pk)`
returns rows in the format of test_permission_matrix.MATRIX; NOT_PAGES lists POST-only names.
The editor's rows are `editor_rows`/`build_editor`; submission's `submission_rows`/`build_submission`.
"""

# Downloads, not pages (the accessibility sweep checks their type only).
DOWNLOADS = {"offer print preview": "application/pdf"}

NOT_PAGES: set[str] = {
    "offers:autosave",  # htmx POST only
    "offers:figures",  # htmx POST only
    "offers_panel:rendered_pdf",  # a file that exists only once rendered; tests/competitions/test_offer_pdf_render_again.py
}


def build_editor(w):
    """A draft of w["org"] in a call of the officer's unit, with an attachment and a partner."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.competitions.factories import OfferFactory, add_partner, open_call
    from tests.organisations.factories import OrganisationFactory
    from tests.pdfs import make_pdf
    from wspolpraca.competitions.models import PartnerInvitation
    from wspolpraca.competitions.offers.services import add_attachment, save_offer_section
    from wspolpraca.competitions.offers.submission import submit_offer

    call = open_call()
    call.unit.officers.add(w["officer"])
    w["editor_task"] = call.tasks.first()
    w["editor_offer"] = offer = OfferFactory(call=call, task=w["editor_task"], organisation=w["org"])
    w["editor_attachment"] = add_attachment(
        actor=w["editor"], offer=offer, uploaded=SimpleUploadedFile("statut.pdf", make_pdf()), title="Statut"
    )
    add_partner(offer)
    w["editor_partner"] = offer.partners.get()
    # An invitation of offer's lead still unanswered, and one of another offer inviting w["org"].
    w["editor_invitation"] = PartnerInvitation.objects.create(offer=offer, organisation=OrganisationFactory())
    other = OfferFactory(call=call, task=w["editor_task"], organisation=OrganisationFactory())
    w["invitation_to_org"] = PartnerInvitation.objects.create(offer=other, organisation=w["org"])
    # A submitted offer changed after its submission (the banner "changes not submitted").
    w["changed_offer"] = changed = OfferFactory(call=call, task=w["editor_task"], organisation=w["org"])
    submit_offer(actor=w["representative"], offer=changed)
    changed.refresh_from_db()
    save_offer_section(
        actor=w["editor"],
        offer=changed,
        section="III",
        data={**changed.content["III"], "title": "Tytuł zmieniony po złożeniu"},
        base_revision=changed.section_revisions.get("III", 0),
    )


def editor_rows(url, slug, pk):
    from django.urls import reverse

    def with_task(name):
        return lambda w: reverse(name) + f"?task={w['editor_task'].pk}"

    def offer_url(name, *extra):
        return url(name, pk("editor_offer"), *extra)

    #           anon resid  rep  edit  offi  exec  admin comm council
    logged_in = [302, 200, 200, 200, 200, 200, 200, 200, 200]
    # A draft is the organisation's own: the call's officers (and administrators) read only
    # submitted versions, in the panel.
    readers = [302, 404, 200, 200, 404, 404, 404, 404, 404]
    editors = [302, 404, 200, 200, 404, 404, 404, 404, 404]
    return [
        ("my offers", url("offers:mine"), logged_in),
        ("start offer", with_task("offers:start"), logged_in),
        ("offer overview", offer_url("offers:detail"), readers),
        ("offer section", offer_url("offers:edit", "III"), readers),
        ("offer attachments", offer_url("offers:attachments"), readers),
        ("offer attachment", offer_url("offers:attachment_download", pk("editor_attachment")), readers),
        ("remove attachment", offer_url("offers:attachment_remove", pk("editor_attachment")), editors),
        ("offer partners", offer_url("offers:partners"), readers),
        ("offer print preview", offer_url("offer_submission:preview_pdf"), readers),
        ("copy offer", url("offers:copy"), logged_in),
        ("copy offer (from a call's task)", with_task("offers:copy"), logged_in),
        ("copy offer (from an offer)", lambda w: reverse("offers:copy") + f"?source={w['editor_offer'].pk}", logged_in),
        # Officers of the call are sent to the panel's submitted version, never the draft.
        (
            "offer changed since submission",
            url("offers:detail", pk("changed_offer")),
            [302, 404, 200, 200, 302, 404, 302, 404, 404],
        ),
        ("remove partner", offer_url("offers:partner_remove", pk("editor_partner")), editors),
        ("withdraw invitation", offer_url("offers:invitation_withdraw", pk("editor_invitation")), editors),
        # Only the invited organisation's representatives answer (administrators too get 404).
        (
            "partner invitation",
            url("offers:invitation", pk("invitation_to_org")),
            [302, 404, 200, 404, 404, 404, 404, 404, 404],
        ),
    ]


def build_submission(w):
    """A call of its own unit (the officer belongs to it), a draft and a submitted offer of w["org"]."""
    from tests.competitions.factories import OfferFactory, open_call
    from wspolpraca.competitions.offers.submission import submit_offer

    call = open_call()
    call.unit.officers.add(w["officer"])
    task = call.tasks.first()
    w["submission_call"] = call
    w["draft_offer"] = OfferFactory(call=call, task=task, organisation=w["org"])
    w["submitted_offer"] = OfferFactory(call=call, task=task, organisation=w["org"])
    submit_offer(actor=w["representative"], offer=w["submitted_offer"])


def submission_rows(url, slug, pk):
    version = 1
    #            anon resid  rep  edit  offi  exec  admin comm council
    members = [302, 404, 200, 200, 200, 404, 200, 404, 404]
    panel = [302, 403, 403, 403, 200, 403, 200, 403, 403]
    return [
        (
            "submit offer",
            url("offer_submission:submit", pk("draft_offer")),
            [302, 404, 200, 403, 403, 404, 403, 404, 404],
        ),
        (
            "withdraw offer",
            url("offer_submission:withdraw", pk("submitted_offer")),
            [302, 404, 200, 403, 403, 404, 403, 404, 404],
        ),
        ("offer versions", url("offer_submission:versions", pk("submitted_offer")), members),
        ("offer receipt", url("offer_submission:receipt", pk("submitted_offer"), version), members),
        ("offer PDF", url("offer_submission:pdf", pk("submitted_offer"), version), members),
        ("offer canonical", url("offer_submission:canonical", pk("submitted_offer"), version), members),
        ("panel offers", url("offers_panel:list", pk("submission_call")), panel),
        ("panel offers XLSX", url("offers_panel:export_xlsx", pk("submission_call")), panel),
        ("panel offers CSV", url("offers_panel:export_csv", pk("submission_call")), panel),
        ("panel offer", url("offers_panel:detail", pk("submission_call"), pk("submitted_offer")), panel),
        (
            "panel offer: render the PDF again (confirmation)",
            url("offers_panel:render_pdf_again", pk("submission_call"), pk("submitted_offer"), version),
            panel,
        ),
    ]


def build_formal(w):
    """A submitted offer of w["org"] in a call whose deadline has passed (the formal check)."""
    import datetime

    from django.utils import timezone

    from tests.competitions.factories import OfferFactory, open_call
    from wspolpraca.competitions.offers.submission import submit_offer

    call = open_call()
    call.unit.officers.add(w["officer"])
    w["formal_call"] = call
    w["formal_offer"] = OfferFactory(call=call, task=call.tasks.first(), organisation=w["org"])
    submit_offer(actor=w["representative"], offer=w["formal_offer"])
    call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save(update_fields=["offer_deadline"])


def formal_rows(url, slug, pk):
    #        anon resid  rep  edit  offi  exec  admin comm council
    panel = [302, 403, 403, 403, 200, 403, 200, 403, 403]
    return [
        ("formal checklist", url("offers_panel:checklist", pk("formal_call")), panel),
        ("formal check", url("offers_panel:formal_check", pk("formal_call"), pk("formal_offer")), panel),
    ]


def build_commission(w):
    """The commission_member persona is an expert of the submission call and has declared."""
    from wspolpraca.competitions.enums import CommissionRole
    from wspolpraca.competitions.evaluation.commission import appoint_commission_member, file_declaration

    call = w["submission_call"]
    appoint_commission_member(actor=w["executive"], call=call, role=CommissionRole.EXPERT, user=w["commission_member"])
    file_declaration(actor=w["commission_member"], call=call, no_art24_grounds=True)


def commission_rows(url, slug, pk):
    #        anon resid  rep  edit  offi  exec  admin comm council
    member = [302, 404, 404, 404, 404, 404, 404, 200, 404]
    # Administrators hold every permission (superuser).
    executive = [302, 403, 403, 403, 403, 200, 200, 403, 403]
    return [
        ("nominate candidates", url("commission_nominations:list"), [302, 403, 200, 403, 403, 403, 200, 403, 403]),
        ("commission pool", url("commission_panel:pool"), [302, 403, 403, 403, 200, 200, 200, 403, 403]),
        ("commission calls", url("commission_panel:calls"), executive),
        ("appoint commission", url("commission_panel:appoint", pk("submission_call")), executive),
        ("my commissions", url("commission_panel:mine"), [302, 403, 403, 403, 403, 403, 200, 200, 403]),
        ("commission call", url("commission_panel:call", pk("submission_call")), member),
        ("commission offer", url("commission_panel:offer", pk("submission_call"), pk("submitted_offer")), member),
        (
            "commission offer PDF",
            url("commission_panel:offer_pdf", pk("submission_call"), pk("submitted_offer")),
            member,
        ),
    ]


def build(w):
    build_editor(w)
    build_submission(w)
    build_formal(w)
    build_commission(w)


def rows(url, slug, pk):
    return (
        editor_rows(url, slug, pk)
        + submission_rows(url, slug, pk)
        + formal_rows(url, slug, pk)
        + commission_rows(url, slug, pk)
    )
