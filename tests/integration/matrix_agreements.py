"""Permission-matrix rows for offer updates and agreements (/oferty/…, /panel/umowy/); see matrix_small_grants.py for the format."""

NOT_PAGES: set[str] = {"agreements_panel:back_to_draft"}  # POST only
# Downloads, not pages (the accessibility sweep checks only their status and type).
DOWNLOADS = {
    "agreement PDF (offeror)": "application/pdf",
    "agreement scan (offeror)": "application/pdf",
    "panel agreements CSV": "text/csv",
    "panel agreement PDF": "application/pdf",
    "panel agreement scan": "application/pdf",
    "annex PDF (offeror)": "application/pdf",
    "consolidated text PDF (offeror)": "application/pdf",
    "panel annex PDF": "application/pdf",
    "panel consolidated text PDF": "application/pdf",
}


def build(w):
    """Offers of w["org"] in a call of the conftest officer's unit: one with an update to the
    reduced award (requested), one with a draft agreement, one with a signed agreement and its
    scan, one funded without an agreement yet."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.competitions.factories_agreements import IBAN, award, funded_agreement, submitted_offer
    from tests.pdfs import make_pdf
    from wspolpraca.competitions.agreements import annexes as agreement_annexes
    from wspolpraca.competitions.agreements import drafting as agreement_drafting
    from wspolpraca.competitions.agreements import services as agreements

    people = {"organisation": w["org"], "representative": w["representative"], "officer": w["officer"]}
    offer = submitted_offer(**people)
    w["ag_update"] = award(offer, amount="4000.00", decided_by=w["executive"])
    w["ag_update_offer"] = offer
    w["ag_draft"] = funded_agreement(executive=w["executive"], **people)
    signed = funded_agreement(executive=w["executive"], **people)
    agreement_drafting.update_agreement(
        actor=w["officer"], agreement=signed, data={"bank_account": IBAN}, tranches=[(signed.start_date, signed.amount)]
    )
    agreements.send_agreement(actor=w["officer"], agreement=signed)
    scan = SimpleUploadedFile("skan.pdf", make_pdf(note="podpisana"), content_type="application/pdf")
    w["ag_signed"] = agreements.record_signature(
        actor=w["officer"], agreement=signed, signed_on=timezone.localdate(), scan=scan
    )
    w["ag_tranche"] = signed.tranches.get()
    agreement_annexes.add_annex(
        actor=w["officer"], agreement=signed, reason="Przesunięcie terminu", end_date=signed.end_date.replace(day=30)
    )
    funded = submitted_offer(**people)
    award(funded, amount="5500.00", decided_by=w["executive"])
    w["ag_funded"] = funded


def rows(url, slug, pk):
    def offer_of(key):
        return lambda w: w[key].offer_id

    officers = [302, 403, 403, 403, 200, 403, 200, 403, 403]
    # Members of the offeror read; officers are sent to the panel's copy; the rest get 404.
    members = [302, 404, 200, 200, 302, 404, 302, 404, 404]
    representative = [302, 404, 200, 403, 302, 404, 302, 404, 404]
    #                                                                          anon resid  rep  edit  offi  exec  admin comm council
    return [
        ("offer update", url("award:update", pk("ag_update_offer")), members),
        ("withdraw from grant", url("award:withdraw", pk("ag_update_offer")), representative),
        ("agreement (offeror)", url("award:agreement", offer_of("ag_draft")), members),
        ("agreement PDF (offeror)", url("award:agreement_pdf", offer_of("ag_draft")), members),
        ("agreement scan (offeror)", url("award:agreement_scan", offer_of("ag_signed")), members),
        ("annex PDF (offeror)", url("award:agreement_annex_pdf", offer_of("ag_signed"), 1), members),
        (
            "consolidated text PDF (offeror)",
            url("award:agreement_consolidated_pdf", offer_of("ag_signed")),
            members,
        ),
        ("panel agreements", url("agreements_panel:list"), officers),
        ("panel agreements CSV", url("agreements_panel:export_csv"), officers),
        ("panel offer updates", url("agreements_panel:updates"), officers),
        ("panel offer update", url("agreements_panel:update", pk("ag_update")), officers),
        ("panel draft agreement", url("agreements_panel:draft", pk("ag_funded")), officers),
        ("panel agreement", url("agreements_panel:detail", pk("ag_draft")), officers),
        ("panel agreement edit", url("agreements_panel:edit", pk("ag_draft")), officers),
        ("panel agreement send", url("agreements_panel:send", pk("ag_draft")), officers),
        ("panel agreement sign", url("agreements_panel:sign", pk("ag_draft")), officers),
        ("panel agreement in force", url("agreements_panel:in_force", pk("ag_signed")), officers),
        ("panel agreement terminate", url("agreements_panel:terminate", pk("ag_signed")), officers),
        ("panel agreement annex", url("agreements_panel:annex", pk("ag_signed")), officers),
        (
            "panel tranche transfer",
            url("agreements_panel:transfer", pk("ag_signed"), pk("ag_tranche")),
            officers,
        ),
        ("panel agreement PDF", url("agreements_panel:pdf", pk("ag_signed")), officers),
        ("panel agreement scan", url("agreements_panel:scan", pk("ag_signed")), officers),
        ("panel annex PDF", url("agreements_panel:annex_pdf", pk("ag_signed"), 1), officers),
        ("panel consolidated text PDF", url("agreements_panel:consolidated_pdf", pk("ag_signed")), officers),
    ]
