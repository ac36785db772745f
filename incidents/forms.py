"""Forms of the editors' desk."""

from django import forms

from incidents import services
from incidents.models import Article

ARABIC_TEXT = {"dir": "rtl", "lang": "ar"}


class ArticleSubmitForm(forms.Form):
    """A report pasted by an editor, stored and queued for extraction by the same service as the API and ingest."""

    text = forms.CharField(widget=forms.Textarea(attrs={**ARABIC_TEXT, "rows": 16, "cols": 90}), strip=False,
                           max_length=2_000_000, help_text="The report as published (a headline line is optional).")
    title = forms.CharField(max_length=500, required=False, widget=forms.TextInput(attrs={**ARABIC_TEXT, "size": 80}))
    source = forms.CharField(label="Outlet", max_length=200, required=False)
    url = forms.URLField(label="URL", max_length=1000, required=False, assume_scheme="https")
    published_on = forms.DateField(label="Publication date", required=False, help_text="YYYY-MM-DD",
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def ingest(self) -> tuple[Article, bool] | None:
        """Store the report (once, by content hash); None, with the reason as a form error, when it is refused."""
        values = self.cleaned_data
        try:
            return services.article_ingest(
                data=values["text"].encode("utf-8"), title=values["title"], source=values["source"],
                url=values["url"], published_on=values["published_on"],
            )
        except services.IngestError as exc:
            self.add_error("text", str(exc))
            return None
