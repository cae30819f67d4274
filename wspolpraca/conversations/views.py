"""The thread of a record (/wiadomosci/<kind>/<pk>/), its attachments, the person's inbox."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from wspolpraca.conversations import selectors, services
from wspolpraca.conversations.forms import InboxFilterForm, MessageForm
from wspolpraca.conversations.models import MessageAttachment
from wspolpraca.conversations.registry import kind_by_key, kind_for, side_of

PAGE_SIZE = 25


class ThreadView(LoginRequiredMixin, TemplateView):
    """The thread: messages with their receipts, the form to write. 404 to anyone not on a side."""

    template_name = "conversations/thread.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.kind = kind_by_key(kwargs["kind"])
            if self.kind is None:
                raise Http404
            self.record = get_object_or_404(self.kind.model, pk=kwargs["pk"])
            self.side = side_of(request.user, self.kind, self.record)
            if self.side is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        thread = selectors.thread_of(self.record)
        if thread is not None:
            services.mark_thread_read(actor=request.user, thread=thread)
        return self.render_to_response(self.get_context_data(thread=thread, form=MessageForm()))

    def post(self, request, *args, **kwargs):
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                message = services.send_message(
                    actor=request.user,
                    record=self.record,
                    body=form.cleaned_data["body"],
                    uploaded=form.cleaned_data["attachment"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The message has been sent."))
                return redirect(services.thread_url(self.kind.key, self.record.pk) + f"#wiadomosc-{message.pk}")
        thread = selectors.thread_of(self.record)
        return self.render_to_response(self.get_context_data(thread=thread, form=form), status=200)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        thread = kwargs["thread"]
        context.update(
            kind=self.kind,
            record=self.record,
            side=self.side,
            title=self.kind.title(self.record),
            record_url=self.kind.url(self.record, self.side),
            thread_messages=selectors.messages_of(thread),
        )
        return context


class AttachmentDownloadView(LoginRequiredMixin, View):
    """A message's file, for the two sides of its thread only (private, never cached)."""

    def get(self, request, pk):
        attachment = get_object_or_404(MessageAttachment.objects.select_related("message__thread"), pk=pk)
        record = attachment.message.thread.subject
        if side_of(request.user, kind_for(record), record) is None:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class InboxView(LoginRequiredMixin, TemplateView):
    """The person's threads: an officer's about the calls they manage, a member's about their
    organisation's records; the unread first."""

    template_name = "conversations/inbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = InboxFilterForm(self.request.GET or None)
        search, unread_only = "", False
        if form.is_valid():
            search, unread_only = form.cleaned_data["q"].strip(), form.cleaned_data["unread"]
        threads = selectors.threads_for(self.request.user, search=search, unread_only=unread_only)
        page = Paginator(threads, PAGE_SIZE).get_page(self.request.GET.get("page"))
        for thread in page.object_list:
            thread.url = services.thread_url(thread.kind, thread.object_id)
        query = urlencode(
            {key: value for key, value in (("q", search), ("unread", "on" if unread_only else "")) if value}
        )
        context.update(form=form, page_obj=page, threads=page.object_list, query=query)
        return context
