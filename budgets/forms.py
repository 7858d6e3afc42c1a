from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import KeywordGroup, LeadStatus, Settlement


class LeadForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    consent = forms.BooleanField(label=_("I agree to be contacted about my request."))
    # Hidden: where the visitor came from, carried into the lead.
    utm_source = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    utm_medium = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    utm_campaign = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    utm_term = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    utm_content = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    click_ref = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)
    location = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Honeypot: people never see it, robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Give us an e-mail address or a phone number."))
        for key, value in list(data.items()):
            if isinstance(value, str):
                data[key] = value.replace("\x00", "")
        return data


class KeywordForm(forms.Form):
    text = forms.CharField(label=_("Keyword"), max_length=200)
    group = forms.ChoiceField(label=_("Group"), choices=KeywordGroup.choices)


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (5 MB at most)."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "utf-16", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file is not readable text."))


class CostImportForm(CsvUploadForm):
    source = forms.ChoiceField(
        label=_("Ad platform"), choices=[("google", "Google Ads"), ("microsoft", "Microsoft Advertising")]
    )

    def clean_file(self):
        """The report's text in whatever encoding the platform wrote it (UTF-16 "Excel" CSV too)."""
        from budgets.adplatform.reports import decode_report

        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (5 MB at most)."))
        return decode_report(upload.read())


class RoundForm(forms.Form):
    month = forms.DateField(label=_("Month (any day of it)"), widget=forms.DateInput(attrs={"type": "date"}))
    suggested_amount = forms.DecimalField(label=_("Suggested amount per franchise"), max_digits=12, decimal_places=2)
    deadline = forms.DateTimeField(
        label=_("Deadline"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class PledgeForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept")), ("change", _("Change the amount")), ("decline", _("Decline"))],
    )
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, required=False)


class TopUpForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    key = forms.CharField(widget=forms.HiddenInput)


class LeadStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=LeadStatus.choices)
    revenue = forms.DecimalField(label=_("Revenue (won)"), max_digits=12, decimal_places=2, required=False)


class SimulatorForm(forms.Form):
    cpc = forms.DecimalField(
        label=_("Cost per click today (head office alone)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.05"),
        initial="1.20",
    )
    franchisees = forms.IntegerField(label=_("Number of franchisees"), min_value=1, max_value=2000, initial=40)
    budget = forms.DecimalField(
        label=_("Monthly budget per franchisee"), max_digits=10, decimal_places=2, min_value=1, initial="300"
    )
    available_clicks = forms.IntegerField(
        label=_("Clicks the keyword's searches can give per month (empty: no limit)"),
        min_value=0,
        max_value=10_000_000,
        required=False,
    )


class FranchiseCloseForm(forms.Form):
    settlement = forms.ChoiceField(
        label=_("What becomes of its balance"), choices=Settlement.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason (kept in the history)"), max_length=300, required=False)
    confirm = forms.BooleanField(
        label=_(
            "I understand: the franchise receives no further clicks, its balance is settled now, "
            "and it cannot be reopened."
        )
    )
