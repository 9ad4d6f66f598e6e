"""Forms of the public verification page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

#: A document is a few dozen kilobytes; anything far larger is not one of ours.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class VerifyCodeForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20, strip=True)


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(label=_("PDF file of the document"))

    def clean_pdf(self) -> bytes:
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large to be one of our documents."))
        return bytes(upload.read())
