from django import forms
from django.utils.translation import gettext_lazy as _

from forum import selectors
from forum.faq import faq_topic_list
from network.models import Role
from network.selectors import region_list


class ThreadForm(forms.Form):
    category = forms.ModelChoiceField(queryset=None, label=_("Category"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Your question"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000,
        help_text=_("Markdown: **bold**, `code`, lists, links, images; @name to mention someone."),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.category_list(user=user)


class PostForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), max_length=500)


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(queryset=None, label=_("Move to"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.category_list(user=user)


class PromoteForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=None, label=_("FAQ topic"))
    question = forms.CharField(label=_("Question"), max_length=300, required=False)

    def __init__(self, *args, user, brand=None, **kwargs):
        super().__init__(*args, **kwargs)
        topics = faq_topic_list(user=user)
        self.fields["topic"].queryset = topics.filter(brand=brand) if brand is not None else topics


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Image"))


class FaqEntryForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=None, label=_("FAQ topic"), required=False)
    new_topic = forms.CharField(label=_("or a new topic"), max_length=120, required=False)
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000)

    def __init__(self, *args, user, brand, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = faq_topic_list(user=user).filter(brand=brand)

    def clean(self):
        data = super().clean()
        if not data.get("topic") and not (data.get("new_topic") or "").strip():
            raise forms.ValidationError(_("Choose a topic or name a new one."))
        return data


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every role."),
    )  # fmt: skip
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the whole network."),
    )  # fmt: skip
    is_published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    def __init__(self, *args, user, brand, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = region_list(user=user).filter(brand=brand)


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    attachment = forms.FileField(label=_("Attached file"), required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
