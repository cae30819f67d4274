"""Hooks of the calls stage: a call's pages show what later stages know about it (results,
a cancellation) without the calls stage importing them. Later stages connect receivers in their
receivers.py (connected by the app's ready()); each receiver returns a dict merged into the
page's context (keys must not collide).

- `call_page_context(sender=Call, call)`: the public call page (/konkursy/<slug>/).
- `call_panel_context(sender=Call, call)`: the officers' call page (/panel/konkursy/<pk>/).
"""

from django.dispatch import Signal

call_page_context = Signal()
call_panel_context = Signal()


def context_from(signal, call):
    """The merged dicts that the receivers of `signal` return for `call`."""
    context = {}
    for _receiver, extra in signal.send(sender=type(call), call=call):
        context.update(extra or {})
    return context
