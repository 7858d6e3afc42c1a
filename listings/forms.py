"""Forms of the listing pages: they check shape; services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from listings.hours import DAYS
from listings.models import PhotoCategory, Weekday

PERIODS_PER_DAY = 3
DAY_LABELS = dict(Weekday.choices)


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    street = forms.CharField(label=_("Street address"), max_length=255)
    postal_code = forms.CharField(label=_("Postal code"), max_length=16)
    city = forms.CharField(label=_("City"), max_length=120)
    region = forms.CharField(label=_("Province or department"), max_length=120, required=False)
    country = forms.CharField(label=_("Country"), max_length=2)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    categories = forms.CharField(label=_("Categories"), required=False, help_text=_("Separated by commas."))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    latitude = forms.CharField(label=_("Latitude"), required=False)
    longitude = forms.CharField(label=_("Longitude"), required=False)

    @staticmethod
    def initial_from(payload: dict) -> dict:
        address = payload["address"]
        return {
            "name": payload["name"],
            "street": address["street"],
            "postal_code": address["postal_code"],
            "city": address["city"],
            "region": address["region"],
            "country": address["country"],
            "phone": payload["phone"],
            "website": payload["website"],
            "categories": ", ".join(payload["categories"]),
            "description": payload["description"],
            "latitude": payload["latitude"] or "",
            "longitude": payload["longitude"] or "",
        }

    def listing_data(self) -> dict:
        c = self.cleaned_data
        return {
            "name": c["name"],
            "address": {
                "street": c["street"],
                "city": c["city"],
                "postal_code": c["postal_code"],
                "region": c["region"],
                "country": c["country"],
            },
            "phone": c["phone"],
            "website": c["website"],
            "categories": [item.strip() for item in c["categories"].split(",") if item.strip()],
            "description": c["description"],
            "latitude": c["latitude"] or None,
            "longitude": c["longitude"] or None,
        }

    def add_service_errors(self, errors: dict) -> None:
        mapping = {"address": "street"}
        for field, messages in errors.items():
            target = mapping.get(field, field)
            self.add_error(target if target in self.fields else None, messages)


class RegularHoursForm(forms.Form):
    """Up to three periods per weekday; a period ending after midnight is ticked "next day"."""

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        by_day: dict[str, list] = {day: [] for day in DAYS}
        for period in periods or []:
            by_day[period["day"]].append(period)
        self.rows = []
        for day in DAYS:
            row = []
            for index in range(PERIODS_PER_DAY):
                known = by_day[day][index] if index < len(by_day[day]) else None
                names = [f"{day}_{index}_{part}" for part in ("open", "close", "overnight")]
                attrs = {"placeholder": "HH:MM", "size": 5}
                self.fields[names[0]] = forms.CharField(required=False, widget=forms.TextInput(attrs=attrs))
                self.fields[names[1]] = forms.CharField(required=False, widget=forms.TextInput(attrs=attrs))
                self.fields[names[2]] = forms.BooleanField(required=False, label=_("next day"))
                if known:
                    overnight = known["close"] != "24:00" and known["close"] <= known["open"]
                    self.initial.update({names[0]: known["open"], names[1]: known["close"], names[2]: overnight})
                row.append([self[name] for name in names])
            self.rows.append((DAY_LABELS[day], row))

    def periods(self) -> tuple[list[dict], list[str]]:
        """The submitted periods and, in the same order, the form-field prefix of each."""
        periods, prefixes = [], []
        for day in DAYS:
            for index in range(PERIODS_PER_DAY):
                prefix = f"{day}_{index}"
                open_ = self.cleaned_data.get(f"{prefix}_open", "").strip()
                close = self.cleaned_data.get(f"{prefix}_close", "").strip()
                if not open_ and not close:
                    continue
                periods.append(
                    {
                        "day": day,
                        "open": open_,
                        "close": close,
                        "overnight": self.cleaned_data.get(f"{prefix}_overnight"),
                    }
                )
                prefixes.append(prefix)
        return periods, prefixes

    def add_service_errors(self, errors: dict, prefixes: list[str]) -> None:
        for where, messages in errors.items():
            field = None
            if where.startswith("regular_hours["):
                index = int(where[len("regular_hours[") : where.index("]")])
                part = where.rsplit(".", 1)[1] if "." in where else "open"
                field = f"{prefixes[index]}_{'open' if part == 'day' else part}"
            self.add_error(field if field in self.fields else None, messages)


class SpecialHoursForm(forms.Form):
    start = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("Until (for a range)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closed = forms.BooleanField(label=_("Closed all day"), required=False, initial=True)
    open = forms.CharField(label=_("Opens"), required=False, widget=forms.TextInput(attrs={"placeholder": "HH:MM"}))
    close = forms.CharField(label=_("Closes"), required=False, widget=forms.TextInput(attrs={"placeholder": "HH:MM"}))

    def entry(self) -> dict:
        c = self.cleaned_data
        entry = {"start": c["start"].isoformat(), "end": (c["end"] or c["start"]).isoformat(), "closed": c["closed"]}
        if not c["closed"]:
            entry.update(open=c["open"].strip(), close=c["close"].strip())
        return entry

    def add_service_errors(self, errors: dict) -> None:
        for where, messages in errors.items():
            part = where.rsplit(".", 1)[1] if "." in where else None
            field = {"date": "start", "start": "start", "end": "end", "open": "open", "close": "close"}.get(part)
            self.add_error(field, messages)


class PhotoForm(forms.Form):
    category = forms.ChoiceField(label=_("Kind"), choices=PhotoCategory.choices)
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, at least 250x250 pixels, at most 5 MB."))


class BulkHoursForm(SpecialHoursForm):
    SCOPES = [("brand", _("Every store of the brand")), ("region", _("A region")), ("selection", _("Chosen stores"))]
    scope = forms.ChoiceField(label=_("Stores"), choices=SCOPES, widget=forms.RadioSelect, initial="region")
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)
    locations = forms.ModelMultipleChoiceField(
        label=_("Stores"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    all_or_nothing = forms.BooleanField(
        label=_("All or nothing"), required=False, help_text=_("Any failure rolls back every store.")
    )

    field_order = ["scope", "region", "locations", "start", "end", "closed", "open", "close", "label", "all_or_nothing"]

    def __init__(self, *args, locations, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = locations
        self.fields["region"].queryset = regions
        self.all_locations = locations

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        if scope == "region" and not cleaned.get("region"):
            self.add_error("region", _("Choose a region."))
        if scope == "selection" and not cleaned.get("locations"):
            self.add_error("locations", _("Choose at least one store."))
        return cleaned

    def chosen_locations(self):
        c = self.cleaned_data
        if c["scope"] == "region":
            return list(self.all_locations.filter(region=c["region"]))
        if c["scope"] == "selection":
            return list(c["locations"])
        brands = self.all_locations.values_list("brand", flat=True).distinct()[:1]
        return list(self.all_locations.filter(brand__in=list(brands)))


class CsvImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
