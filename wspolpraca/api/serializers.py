"""What the API shows: only what the public pages show. Amounts are decimal strings with two
places ("12000.00", PLN); times are ISO 8601 in Polish time (Europe/Warsaw, with the offset)."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wspolpraca.bodies.enums import BodyKind, MeetingState, MinutesState, ResolutionKind, VoteChoice
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.enums import CallMode
from wspolpraca.consultations.enums import (
    ActKind,
    CommentChannel,
    ConsultationForm,
    ConsultationState,
    Participants,
    UnitKind,
)
from wspolpraca.organisations.enums import LegalForm

ZERO = Decimal("0.00")


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True, **kwargs)


class AbsoluteUrlField(serializers.CharField):
    """The page of an object on this site, as an absolute address (SITE_URL + its path)."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", read_only=True, **kwargs)

    def to_representation(self, value):
        return f"{settings.SITE_URL}{value}"


# --- calls ------------------------------------------------------------------------------------


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class AreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text=_("Point of art. 4 ust. 1 of the Act, e.g. 16."))
    name = serializers.CharField()


class BudgetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = money()


class TaskSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    area = AreaSerializer()
    budgets = BudgetSerializer(many=True, source="budgets.all")


class CallSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField(help_text=_("Budget year."))
    mode = serializers.ChoiceField(choices=CallMode.choices)
    state = serializers.SerializerMethodField(
        help_text=_("Now, by the server clock: open (accepting offers), upcoming, closed or cancelled.")
    )
    unit = UnitSerializer()
    summary = serializers.CharField()
    budget = serializers.SerializerMethodField(help_text=_("The sum of the tasks' budgets, PLN."))
    offers_from = serializers.SerializerMethodField(help_text=_("Offers accepted from (publication, unless later)."))
    offer_deadline = serializers.DateTimeField(allow_null=True)
    selection_date = serializers.DateField(allow_null=True, help_text=_("Offers selected by."))
    performance_start = serializers.DateField(allow_null=True)
    performance_end = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    results_published_at = serializers.DateTimeField(allow_null=True)
    tasks = TaskSerializer(many=True, source="tasks.all")
    url = AbsoluteUrlField()

    def _now(self):
        if "now" not in self.context:
            self.context["now"] = timezone.now()
        return self.context["now"]

    @extend_schema_field({"type": "string", "enum": selectors.PUBLIC_STATUSES})
    def get_state(self, call):
        return selectors.public_status(call, self._now())

    @extend_schema_field(money())
    def get_budget(self, call):
        return money().to_representation(getattr(call, "total_budget", None) or ZERO)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_offers_from(self, call):
        value = call.offers_from or call.published_at
        return serializers.DateTimeField().to_representation(value) if value else None


# --- the register of grants -------------------------------------------------------------------


# One row of the register /wyniki/, with the keys of its JSON export (register.EXPORT_FIELDS).
class GrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    awarded_on = serializers.DateField()
    organisation = serializers.CharField(help_text=_("The organisation's name."))
    organisation_krs = serializers.CharField(help_text=_("KRS number; empty when not in the KRS."))
    organisation_register = serializers.CharField(help_text=_("Another register and number, when not in the KRS."))
    organisation_url = serializers.CharField(help_text=_("The organisation's page; empty while it is not public."))
    call = serializers.CharField(help_text=_("The call's title."))
    call_url = serializers.CharField()
    task = serializers.CharField()
    title = serializers.CharField(help_text=_("The title of the task as the offer names it."))
    unit = serializers.CharField(help_text=_("The city unit's name."))
    unit_id = serializers.IntegerField()
    area_id = serializers.IntegerField(allow_null=True)
    area_code = serializers.CharField()
    area = serializers.CharField()
    mode = serializers.ChoiceField(choices=CallMode.choices)
    amount = money(help_text=_("PLN."))
    withdrawn = serializers.BooleanField(
        help_text=_("The offeror withdrew: the grant stays listed and is left out of every total.")
    )
    withdrawn_at = serializers.DateTimeField(allow_null=True)


# --- the directory of organisations -----------------------------------------------------------


class DistrictSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# What the public directory and its CSV show of a verified organisation: never its bank account,
# members, verification notes or anything else the public pages leave out.
class OrganisationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    legal_form = serializers.ChoiceField(choices=LegalForm.choices)
    krs_number = serializers.CharField(allow_null=True)
    register_name = serializers.CharField(help_text=_("Another register, when not in the KRS."))
    register_number = serializers.CharField()
    nip = serializers.CharField(allow_null=True)
    regon = serializers.CharField()
    is_public_benefit = serializers.BooleanField(help_text=_("Public benefit organisation (OPP) status."))
    street_address = serializers.CharField()
    postal_code = serializers.CharField()
    town = serializers.CharField()
    district = DistrictSerializer(allow_null=True)
    email = serializers.CharField()
    phone = serializers.CharField()
    website = serializers.CharField()
    areas = AreaSerializer(many=True, source="areas.all")
    url = AbsoluteUrlField()


class OrganisationDetailSerializer(OrganisationSerializer):
    description = serializers.CharField(help_text=_("The organisation's own description of its activities."))


# --- councils and teams: what their public pages show ---------------------------------------------


class BodySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    unit = serializers.CharField(help_text=_("The unit it sits at."))
    act_number = serializers.CharField(help_text=_("The act establishing the body."))
    act_date = serializers.DateField(allow_null=True)
    seats_ngo = serializers.IntegerField()
    seats_city_council = serializers.IntegerField()
    seats_executive = serializers.IntegerField()
    quorum_percent = serializers.IntegerField(help_text=_("Share of the members that must be present to vote (%)."))
    contact_email = serializers.CharField()
    url = AbsoluteUrlField()


class PublicDocumentSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        slug = document.item.meeting.term.body.slug
        return f"{settings.SITE_URL}{reverse('bodies:document', args=[slug, document.pk])}"


class AgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    documents = PublicDocumentSerializer(many=True, source="public_documents", help_text=_("Public papers only."))


class MeetingSerializer(serializers.Serializer):
    term = serializers.IntegerField(source="term.number", help_text=_("The number of the term."))
    number = serializers.IntegerField(help_text=_("The number of the meeting in the term."))
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    state = serializers.ChoiceField(choices=MeetingState.choices)
    agenda = AgendaItemSerializer(many=True, source="agenda_items.all")
    minutes_url = serializers.SerializerMethodField(help_text=_("The published minutes; null until published."))
    url = AbsoluteUrlField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_minutes_url(self, meeting):
        minutes = getattr(meeting, "minutes", None)
        if minutes is None or minutes.state != MinutesState.PUBLISHED:
            return None
        return f"{settings.SITE_URL}{reverse('bodies:minutes', args=[meeting.term.body.slug, meeting.pk])}"


class NamedVoteSerializer(serializers.Serializer):
    name = serializers.CharField(source="membership.name")
    vote = serializers.ChoiceField(source="choice", choices=VoteChoice.choices)


class ResolutionSerializer(serializers.Serializer):
    number_label = serializers.CharField(help_text=_("E.g. “Uchwała nr 5/2026 Płockiej Rady …”."))
    year = serializers.IntegerField()
    number = serializers.IntegerField(help_text=_("Numbered per body and year; never reused."))
    kind = serializers.ChoiceField(choices=ResolutionKind.choices)
    outcome = serializers.CharField(help_text=_("For an opinion: positive, positive_with_remarks or negative."))
    subject = serializers.CharField()
    text = serializers.CharField()
    meeting = serializers.IntegerField(source="meeting.number", help_text=_("The number of the meeting."))
    voted_at = serializers.DateTimeField(allow_null=True)
    votes = NamedVoteSerializer(many=True, source="votes.all")
    url = AbsoluteUrlField()


class BodyDetailSerializer(BodySerializer):
    work_plan = serializers.CharField()
    meetings = serializers.SerializerMethodField(help_text=_("Newest first."))
    resolutions = ResolutionSerializer(
        many=True, source="api_resolutions", help_text=_("Adopted resolutions and opinions, with the named votes.")
    )

    @extend_schema_field(MeetingSerializer(many=True))
    def get_meetings(self, body):
        meetings = [meeting for term in body.terms.all() for meeting in term.meetings.all()]
        meetings.sort(key=lambda meeting: meeting.starts_at, reverse=True)
        return MeetingSerializer(meetings, many=True, context=self.context).data


# --- consultations ------------------------------------------------------------------------------


# What the consultation's public page shows; never a comment's e-mail, scan or who entered it.
class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    act_kind = serializers.ChoiceField(choices=ActKind.choices)
    state = serializers.ChoiceField(choices=ConsultationState.choices)
    participants = serializers.ChoiceField(choices=Participants.choices)
    forms = serializers.ListField(child=serializers.ChoiceField(choices=ConsultationForm.choices))
    areas = AreaSerializer(many=True, source="areas.all")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    urgency_reason = serializers.CharField()
    order_number = serializers.CharField()
    order_date = serializers.DateField(allow_null=True)
    unit_name = serializers.CharField(help_text=_("The office's unit responsible."))
    contact_person = serializers.CharField()
    contact_email = serializers.CharField()
    cancel_reason = serializers.CharField()
    url = AbsoluteUrlField()


class DraftUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    label = serializers.CharField(help_text=_("For example: § 2 ust. 1 pkt 3"))
    text = serializers.CharField()


class ConsultationCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(source="version.number", help_text=_("The version of the draft commented."))
    unit = serializers.IntegerField(source="unit_id", allow_null=True, help_text=_("Null: the whole draft."))
    unit_label = serializers.SerializerMethodField()
    author = serializers.CharField(
        source="public_name", help_text=_("The organisation's name, or the person's; never an e-mail address.")
    )
    organisation = serializers.SerializerMethodField(help_text=_("The organisation's slug, when in the directory."))
    channel = serializers.ChoiceField(choices=CommentChannel.choices)
    sent_at = serializers.DateTimeField()
    received_on = serializers.DateField(allow_null=True)
    current_wording = serializers.CharField()
    proposed_wording = serializers.CharField()
    justification = serializers.CharField()
    hidden = serializers.SerializerMethodField(
        help_text=_("Hidden by the moderator: counted, but its author and text are empty.")
    )

    # What a moderated comment never shows.
    HIDDEN_FIELDS = ("author", "organisation", "current_wording", "proposed_wording", "justification")

    def to_representation(self, comment):
        data = super().to_representation(comment)
        if comment.hidden_at:
            for name in self.HIDDEN_FIELDS:
                data[name] = None if name == "organisation" else ""
        return data

    @extend_schema_field(serializers.BooleanField())
    def get_hidden(self, comment):
        return comment.hidden_at is not None

    @extend_schema_field(serializers.CharField())
    def get_unit_label(self, comment):
        return comment.unit.label if comment.unit_id else ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_organisation(self, comment):
        return comment.organisation.slug if comment.organisation_id else None


class ConsultationMeetingSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    online_url = serializers.CharField()
    description = serializers.CharField()
    places = serializers.IntegerField(allow_null=True, help_text=_("Limit of places; null: no limit."))


class ConsultationReportSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text=_("1, 2, …: “Raport 2” follows the council's opinion."))
    title = serializers.CharField()
    published_at = serializers.DateTimeField()
    url = AbsoluteUrlField()
    pdf_url = serializers.SerializerMethodField(help_text=_("The report as a PDF (the legal record)."))

    def get_pdf_url(self, report) -> str:
        path = reverse("consultations:report_pdf", args=[report.consultation_id, report.number])
        return f"{settings.SITE_URL}{path}"


class ConsultationDetailSerializer(ConsultationSerializer):
    version = serializers.IntegerField(allow_null=True, help_text=_("The current version of the draft."))
    units = DraftUnitSerializer(many=True, help_text=_("The current version's units, in order."))
    meetings = ConsultationMeetingSerializer(many=True)
    reports = ConsultationReportSerializer(many=True, help_text=_("The published reports, in order."))
    comments = ConsultationCommentSerializer(
        many=True,
        allow_null=True,
        help_text=_("Sent comments; null while they are not public (some consultations publish them after the close)."),
    )
