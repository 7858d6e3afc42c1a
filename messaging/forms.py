from django import forms
from django.utils.translation import gettext_lazy as _

from messaging import selectors
from messaging.models import NotificationPreference


class ConversationForm(forms.Form):
    recipients = forms.ModelMultipleChoiceField(queryset=None, label=_("To"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)
    link_url = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    kpi = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = selectors.contact_list(user=user).order_by("last_name", "username")


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)


class PreferenceForm(forms.Form):
    digest = forms.ChoiceField(label=_("E-mail digest"), choices=NotificationPreference.Digest.choices)
