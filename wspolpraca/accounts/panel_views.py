"""Officer panel: administrators grant and revoke site roles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.accounts.enums import roles_of
from wspolpraca.accounts.forms import RolesForm, UserSearchForm
from wspolpraca.accounts.models import User
from wspolpraca.accounts.selectors import users_for_roles_list
from wspolpraca.accounts.services import set_user_roles
from wspolpraca.common.selectors import activity_for


class UserListView(PermissionRequiredMixin, ListView):
    permission_required = "accounts.manage_roles"
    template_name = "accounts/panel/user_list.html"
    context_object_name = "users"
    paginate_by = 50

    def get_queryset(self):
        self.search_form = UserSearchForm(self.request.GET or None)
        if self.search_form.is_valid():
            return users_for_roles_list(
                search=self.search_form.cleaned_data["q"], role=self.search_form.cleaned_data["role"]
            )
        return users_for_roles_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(search_form=self.search_form, **kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class UserRolesView(PermissionRequiredMixin, FormView):
    permission_required = "accounts.manage_roles"
    template_name = "accounts/panel/user_roles.html"
    form_class = RolesForm

    def dispatch(self, request, *args, **kwargs):
        self.person = get_object_or_404(User, pk=kwargs["pk"], anonymised_at__isnull=True)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {
            "is_officer": self.person.is_officer,
            "is_executive": self.person.is_executive,
            "is_administrator": self.person.is_superuser,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            roles=roles_of(self.person),
            history=activity_for(self.person, limit=20),
            is_self=self.person.pk == self.request.user.pk,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            set_user_roles(actor=self.request.user, user=self.person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            self.person.refresh_from_db()
            return self.form_invalid(form)
        messages.success(self.request, _("Roles of %(person)s have been saved.") % {"person": self.person})
        return redirect("accounts_panel:user_roles", pk=self.person.pk)
