from django import forms
from django.utils.translation import gettext_lazy as _

from forum import selectors
from forum.faq import faq_topic_list


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
