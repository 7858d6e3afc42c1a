from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from network import selectors
from network.models import Capability, Location, Role


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


def node_value(node) -> str:
    return f"{node._meta.model_name}:{node.pk}"


class CapabilityGrantForm(forms.Form):
    """Grant a listing right to someone on a part of the network (a brand, region, franchise
    or store) where the granting person may grant it."""

    user = forms.ModelChoiceField(label=_("Person"), queryset=None)
    capability = forms.ChoiceField(label=_("Right"), choices=Capability.choices)
    node = forms.ChoiceField(label=_("Where"))

    def __init__(self, *args, user, rights, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.people_list(user=user).exclude(pk=user.pk).order_by("username")
        self.fields["user"].label_from_instance = lambda person: (
            f"{person.get_full_name()} ({person.username})" if person.get_full_name() else person.username
        )
        self.nodes = {}
        groups = []
        for label, kind, rows in (
            (_("Brand"), "brand", selectors.brand_list(user=user)),
            (_("Region"), "region", selectors.region_list(user=user)),
            (_("Franchise"), "franchise", selectors.franchise_list(user=user).order_by("name")),
            (_("Store"), "location", selectors.location_list(user=user).order_by("name")),
        ):
            choices = []
            for node in rows:
                ids = _grant_ids(kind, node)
                if rights.may_grant_capabilities(**ids):
                    self.nodes[node_value(node)] = node
                    choices.append((node_value(node), str(node)))
            if choices:
                groups.append((label, choices))
        self.fields["node"].choices = groups

    def clean_node(self):
        node = self.nodes.get(self.cleaned_data["node"])
        if node is None:
            raise forms.ValidationError(_("Choose a place of the network."))
        return node


def _grant_ids(kind: str, node) -> dict:
    if kind == "brand":
        return {"brand_id": node.pk}
    if kind == "region":
        return {"brand_id": node.brand_id, "region_id": node.pk}
    if kind == "franchise":
        return {"brand_id": node.brand_id, "region_id": node.region_id, "franchise_id": node.pk}
    return {"brand_id": node.brand_id, "region_id": node.region_id, "franchise_id": node.franchise_id}


class ApprovalPolicyForm(forms.Form):
    requires_listing_approval = forms.BooleanField(
        label=_("Franchisees' listing changes need approval"),
        required=False,
        help_text=_(
            "When on, a change by a franchisee waits until a listings editor, the region manager or a franchisor "
            "admin approves it; their own changes are published at once."
        ),
    )


class StoreForm(forms.ModelForm):
    """A new store of a franchise (its listing is then edited on the listings pages)."""

    franchise = forms.ModelChoiceField(label=_("Franchise"), queryset=None)

    class Meta:
        model = Location
        fields = [
            "franchise",
            "name",
            "street_address",
            "postal_code",
            "city",
            "state",
            "country",
            "phone",
            "time_zone",
            "latitude",
            "longitude",
        ]

    def __init__(self, *args, franchises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["franchise"].queryset = franchises
        self.fields["country"].widget.attrs.update({"maxlength": 2, "size": 3})

    def _post_clean(self):
        # The service validates and saves the store (with its brand and region); the form only
        # checks shapes, so no model validation here.
        pass
