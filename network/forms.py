from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from network import selectors
from network.models import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    node = forms.ChoiceField(label=_("Where"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for brand in selectors.brand_list(user=user):
            choices.append((f"brand:{brand.pk}", f"{_('Brand')} · {brand}"))
        for region in selectors.region_list(user=user):
            choices.append((f"region:{region.pk}", f"{_('Region')} · {region}"))
        for franchise in selectors.franchise_list(user=user).order_by("name"):
            choices.append((f"franchise:{franchise.pk}", f"{_('Franchise')} · {franchise}"))
        self.fields["node"].choices = choices
        self.user = user

    def clean_node(self):
        kind, _sep, pk = self.cleaned_data["node"].partition(":")
        selector = {
            "brand": selectors.brand_list,
            "region": selectors.region_list,
            "franchise": selectors.franchise_list,
        }.get(kind)
        node = selector(user=self.user).filter(pk=pk).first() if selector and pk.isdigit() else None
        if node is None:
            raise forms.ValidationError(_("Choose a place of the network."))
        return node


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password (again)"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
