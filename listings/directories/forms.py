from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html
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


class CategoryForm(forms.Form):
    brand = forms.ModelChoiceField(label=_("Brand"), queryset=None)
    category = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Our category"), max_length=120)
    google_id = forms.CharField(
        label=_("Google category"),
        max_length=120,
        required=False,
        help_text=lazy(format_html, str)("{} <code>categories/gcid:insurance_agency</code>", _("For example")),
    )
    facebook_id = forms.CharField(label=_("Facebook category id"), max_length=40, required=False)
    pagesjaunes_code = forms.CharField(label=_("Pages Jaunes rubrique"), max_length=40, required=False)

    def __init__(self, *args, brands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = brands
        if brands.count() == 1:
            self.fields["brand"].initial = brands.first()
