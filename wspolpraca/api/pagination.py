"""Pages of API lists: ?page=N (from 1) and ?page_size=N (at most MAX_PAGE_SIZE)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Far beyond any list we hold; keeps the offset arithmetic within the database's integers.
MAX_PAGE = 1_000_000


def _whole_number(request, name, *, default, maximum, message):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        raise ValidationError({name: [str(message) % {"maximum": maximum}]})
    return value


class PublicPagination(PageNumberPagination):
    """Strict where DRF is lenient: a page or page size that is not a whole number in range is
    refused with 400 and a message (DRF would quietly use the default); a page beyond the last
    one is 404."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def get_page_size(self, request):
        return _whole_number(
            request,
            self.page_size_query_param,
            default=self.page_size,
            maximum=self.max_page_size,
            message=_("Give the page size as a whole number from 1 to %(maximum)s."),
        )

    def get_page_number(self, request, paginator):
        return _whole_number(
            request,
            self.page_query_param,
            default=1,
            maximum=MAX_PAGE,
            message=_("Give the page as a whole number from 1 to %(maximum)s."),
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = self.get_page_number(request, paginator)
        if number > 1 and number > paginator.num_pages:
            raise NotFound(
                ngettext(
                    "There is no page %(page)s: this list has %(pages)s page.",
                    "There is no page %(page)s: this list has %(pages)s pages.",
                    paginator.num_pages,
                )
                % {"page": number, "pages": paginator.num_pages}
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE)
                parameter["description"] = str(_("The page, from 1."))
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = str(
                    _("Results per page: %(default)s unless given, at most %(maximum)s.")
                    % {"default": self.page_size, "maximum": self.max_page_size}
                )
        return parameters
