from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.models import METRIC_CHOICES


class AskForm(forms.Form):
    metric = forms.ChoiceField(label=_("KPI"), choices=METRIC_CHOICES)
    body = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    link = forms.CharField(required=False, max_length=500)


class GoalForm(forms.Form):
    metric = forms.ChoiceField(label=_("KPI"), choices=METRIC_CHOICES)
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)


class AlertRuleForm(forms.Form):
    metric = forms.ChoiceField(label=_("KPI"), choices=METRIC_CHOICES)
    threshold_pct = forms.DecimalField(label=_("Threshold (%)"), max_digits=6, decimal_places=2, min_value=0)
    min_volume = forms.IntegerField(
        label=_("Minimum volume"),
        min_value=0,
        initial=20,
        help_text=_("No alert while the count behind the KPI (e.g. customers, clicks) stays below this."),
    )
