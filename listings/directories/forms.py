from django import forms
from django.utils.translation import gettext_lazy as _

from listings.directories.services import MAX_REPLY_LENGTH


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), max_length=MAX_REPLY_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewFilterForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Store"), queryset=None, required=False)
    unanswered = forms.BooleanField(label=_("Without reply only"), required=False)

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
