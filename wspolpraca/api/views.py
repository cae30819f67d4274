"""The public read-only REST API (/api/v1/), its OpenAPI schema (/api/schema/) and its page for
people (/api/). Thin: the querysets come from the selectors the public pages use, the
permission for one object is the pages' rule (checked for an anonymous visitor)."""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from wspolpraca.api import filters, serializers
from wspolpraca.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE, PublicPagination
from wspolpraca.api.throttling import AddressRateThrottle
from wspolpraca.bodies import selectors as body_selectors
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.models import Call
from wspolpraca.competitions.register import selectors as register
from wspolpraca.consultations import selectors as consultation_selectors
from wspolpraca.consultations import services as consultation_services
from wspolpraca.consultations.enums import PUBLIC_STATES
from wspolpraca.consultations.models import Consultation
from wspolpraca.organisations import selectors as organisation_selectors

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
INVALID = {
    "type": "object",
    "description": "Each refused query parameter with its messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
NOT_FOUND = OpenApiResponse(DETAIL, description=gettext_lazy("Not found (or not public)."))
THROTTLED = OpenApiResponse(DETAIL, description=gettext_lazy("Too many requests from this address; see Retry-After."))
REFUSED = OpenApiResponse(INVALID, description=gettext_lazy("A query parameter was refused."))


def documented(serializer, *, tag, list_summary, detail_summary=None, detail_serializer=None):
    """The list (and detail) operations with every answer they may give."""
    operations = {
        "list": extend_schema(
            summary=list_summary,
            description=LIST_DESCRIPTION,
            tags=[tag],
            responses={200: serializer, 400: REFUSED, 404: NOT_FOUND, 429: THROTTLED},
        )
    }
    if detail_summary:
        operations["retrieve"] = extend_schema(
            summary=detail_summary,
            description=DETAIL_DESCRIPTION,
            tags=[tag],
            responses={200: detail_serializer or serializer, 404: NOT_FOUND, 429: THROTTLED},
        )
    return extend_schema_view(**operations)


LIST_DESCRIPTION = gettext_lazy(
    "A page of the list (count, next, previous, results), in a stable order. A filter value that is "
    "not allowed gets 400 with a message per parameter; a page beyond the last gets 404."
)
DETAIL_DESCRIPTION = gettext_lazy("404 when there is no such item or it is not public.")


class PublicApiMixin:
    """Everyone is an anonymous visitor here (no authentication: a signed-in person's session
    changes nothing), reads only, and is throttled per address."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [AddressRateThrottle]

    def get_renderers(self):
        renderers = [JSONRenderer()]
        if settings.DEBUG:
            renderers.append(BrowsableAPIRenderer())
        return renderers


class PublicViewSet(PublicApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A list (and with RetrieveModelMixin one item by slug); nothing else, so writes get 405."""

    pagination_class = PublicPagination
    filter_backends = [DjangoFilterBackend]
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    # The rule the object's public page checks (None: the queryset alone decides).
    view_permission = None

    def filter_queryset(self, queryset):
        if self.action == "list":  # the filters narrow lists; one object is found by its slug alone
            queryset = super().filter_queryset(queryset)
        return self.with_data(queryset)

    def with_data(self, queryset):
        """What the serializer reads, loaded in a fixed number of queries (after filtering)."""
        return queryset

    def get_object(self):
        """The item, or one 404 whether it does not exist or is not public (nothing tells them apart)."""
        try:
            item = super().get_object()
        except Http404:
            item = None
        if item is None or (self.view_permission and not self.request.user.has_perm(self.view_permission, item)):
            raise NotFound(_("There is no such item, or it is not public."))
        return item

    def get_serializer_class(self):
        if self.action == "retrieve":
            return getattr(self, "detail_serializer_class", self.serializer_class)
        return self.serializer_class


@documented(
    serializers.CallSerializer,
    tag="calls",
    list_summary=gettext_lazy("Calls for offers (open competitions and small grants) that are public"),
    detail_summary=gettext_lazy("One call, by its slug"),
)
class CallViewSet(mixins.RetrieveModelMixin, PublicViewSet):
    serializer_class = serializers.CallSerializer
    filterset_class = filters.CallFilter
    view_permission = "competitions.view_call"

    def get_queryset(self):
        return Call.objects.public()

    def with_data(self, queryset):
        return selectors.with_tasks_and_budgets(queryset)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class _Records:
    """Grants as the register's export records, for the paginator: counted, then only the page's
    slice read (as values, in one query with its joins)."""

    def __init__(self, grants):
        self.grants = grants

    def count(self):
        return self.grants.count()

    def __getitem__(self, key):
        return list(register.export_records(self.grants[key], site_url=settings.SITE_URL))


@documented(
    serializers.GrantSerializer,
    tag="grants",
    list_summary=gettext_lazy("The register of grants awarded (/wyniki/), with the page's filters"),
)
class GrantViewSet(PublicViewSet):
    serializer_class = serializers.GrantSerializer
    filterset_class = filters.GrantFilter

    def get_queryset(self):
        return register.public_grants()

    def list(self, request, *args, **kwargs):
        grants = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(_Records(grants))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@documented(
    serializers.OrganisationSerializer,
    tag="organisations",
    list_summary=gettext_lazy("The public directory of organisations (/organizacje/)"),
    detail_summary=gettext_lazy("One organisation, by its slug"),
    detail_serializer=serializers.OrganisationDetailSerializer,
)
class OrganisationViewSet(mixins.RetrieveModelMixin, PublicViewSet):
    serializer_class = serializers.OrganisationSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    filterset_class = filters.OrganisationFilter
    view_permission = "organisations.view_organisation"

    def get_queryset(self):
        return organisation_selectors.directory()


@documented(
    serializers.BodySerializer,
    tag="bodies",
    list_summary=gettext_lazy("Councils and teams (/rady-i-zespoly/)"),
    detail_summary=gettext_lazy("One council or team, by its slug: meetings, adopted resolutions and opinions"),
    detail_serializer=serializers.BodyDetailSerializer,
)
class BodyViewSet(mixins.RetrieveModelMixin, PublicViewSet):
    serializer_class = serializers.BodySerializer
    detail_serializer_class = serializers.BodyDetailSerializer
    filterset_class = filters.BodyFilter

    def get_queryset(self):
        return body_selectors.bodies_public()

    def with_data(self, queryset):
        if self.action == "retrieve":
            return body_selectors.with_public_record(queryset)
        return queryset


@documented(
    serializers.ConsultationSerializer,
    tag="consultations",
    list_summary=gettext_lazy("Consultations of draft acts that are public (/konsultacje/)"),
    detail_summary=gettext_lazy("One consultation, by its id: the draft's units, meetings and public comments"),
    detail_serializer=serializers.ConsultationDetailSerializer,
)
class ConsultationViewSet(mixins.RetrieveModelMixin, PublicViewSet):
    serializer_class = serializers.ConsultationSerializer
    detail_serializer_class = serializers.ConsultationDetailSerializer
    filterset_class = filters.ConsultationFilter
    lookup_field = "pk"
    lookup_value_regex = "[0-9]{1,18}"
    view_permission = "consultations.view_consultation"

    def get_queryset(self):
        return (
            Consultation.objects.filter(state__in=PUBLIC_STATES).prefetch_related("areas").order_by("-starts_at", "-pk")
        )

    def retrieve(self, request, *args, **kwargs):
        consultation = self.get_object()
        version = consultation_services.current_version(consultation)  # never the final text
        public = consultation_selectors.comments_are_public(consultation)
        detail = _ConsultationDetail(
            consultation,
            version=version.number if version else None,
            units=list(consultation_selectors.units_of(version)),
            meetings=list(consultation.meetings.order_by("starts_at", "pk")),
            reports=list(consultation_selectors.reports_of(consultation)),
            comments=list(consultation_selectors.public_comments(consultation)) if public else None,
        )
        return Response(self.get_serializer(detail).data)


class _ConsultationDetail:
    """A consultation with what its detail answer adds (its related managers stay untouched)."""

    def __init__(self, consultation, **extra):
        self._consultation = consultation
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._consultation, name)


class SchemaView(PublicApiMixin, SpectacularAPIView):
    """The OpenAPI 3 document: JSON by default, YAML with ?format=yaml; ?lang=en or pl."""

    public_cache = True  # common/public_cache.py: generated once, then served from the cache
    schema = None  # not an operation of the API itself

    renderer_classes = [OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2]

    def get_renderers(self):
        return [renderer() for renderer in self.renderer_classes]

    def get(self, request, *args, **kwargs):
        # drf-spectacular activates any ?lang= given, and Django keeps a catalogue object for each
        # language ever activated: only the site's languages, or every request could add one.
        languages = [code for code, _name in settings.LANGUAGES]
        if request.GET.get("lang") not in (None, *languages):
            raise ValidationError({"lang": [_("Choose one of: %(languages)s.") % {"languages": ", ".join(languages)}]})
        return super().get(request, *args, **kwargs)

    def _get_filename(self, request, version):
        return f"wspolpraca-api.{self.perform_content_negotiation(request, force=True)[0].format}"


class RootView(PublicApiMixin, APIView):
    """/api/v1/: where the lists are."""

    schema = None
    public_cache = True

    def get(self, request):
        def absolute(name):
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "calls": absolute("api:call-list"),
                "grants": absolute("api:grant-list"),
                "organisations": absolute("api:organisation-list"),
                "bodies": absolute("api:body-list"),
                "consultations": absolute("api:consultation-list"),
                "schema": absolute("api:schema"),
                "documentation": absolute("api:index"),
            }
        )


class NotFoundView(PublicApiMixin, APIView):
    """Any other address under /api/: a JSON 404, as clients of an API expect; an address that
    only lacks its final slash is redirected (308: the method is kept) to the one with it."""

    schema = None

    def get(self, request, *args, **kwargs):
        if not request.path.endswith("/"):
            try:
                match = resolve(f"{request.path}/")
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "view_class", None) is not NotFoundView:
                query = request.META.get("QUERY_STRING")
                target = f"{request.path}/" + (f"?{query}" if query else "")
                return HttpResponsePermanentRedirect(target, preserve_request=True)
        raise NotFound(
            _("There is no such address in the API. The list of addresses is at %(url)s.")
            % {"url": request.build_absolute_uri(reverse("api:index"))}
        )

    post = put = patch = delete = get


class IndexView(TemplateView):
    """The API described for people: addresses, filters, an example, limits and the licence."""

    template_name = "api/index.html"
    public_cache = True

    def get_context_data(self, **kwargs):
        endpoints = [
            {
                "title": _("Calls for offers"),
                "path": reverse("api:call-list"),
                "detail": reverse("api:call-detail", args=["SLUG"]).replace("SLUG", "{slug}"),
                "page": reverse("competitions:call_list"),
                "filters": _filters(filters.CallFilter),
            },
            {
                "title": _("Register of grants awarded"),
                "path": reverse("api:grant-list"),
                "detail": None,
                "page": reverse("register:index"),
                "filters": _filters(filters.GrantFilter),
            },
            {
                "title": _("Directory of organisations"),
                "path": reverse("api:organisation-list"),
                "detail": reverse("api:organisation-detail", args=["SLUG"]).replace("SLUG", "{slug}"),
                "page": reverse("organisations:directory"),
                "filters": _filters(filters.OrganisationFilter),
            },
            {
                "title": _("Councils and teams"),
                "path": reverse("api:body-list"),
                "detail": reverse("api:body-detail", args=["SLUG"]).replace("SLUG", "{slug}"),
                "page": reverse("bodies:list"),
                "filters": _filters(filters.BodyFilter),
            },
            {
                "title": _("Consultations of draft acts"),
                "path": reverse("api:consultation-list"),
                "detail": reverse("api:consultation-detail", args=[0]).replace("/0/", "/{id}/"),
                "page": reverse("consultations:list"),
                "filters": _filters(filters.ConsultationFilter),
            },
        ]
        example = f"{settings.SITE_URL}{reverse('api:call-list')}?state=open&page_size=20"
        return super().get_context_data(
            endpoints=endpoints,
            example=example,
            schema_url=reverse("api:schema"),
            page_size=PAGE_SIZE,
            max_page_size=MAX_PAGE_SIZE,
            throttle_rate=settings.API_THROTTLE_RATE,
            **kwargs,
        )


def _filters(filterset):
    """(name, description) of each filter, as the schema describes them."""
    rows = []
    for name, item in filterset.base_filters.items():
        schema = getattr(item, "_spectacular_annotation", {}).get("field", {})
        rows.append({"name": name, "description": schema.get("description", ""), "values": schema.get("enum")})
    return rows
