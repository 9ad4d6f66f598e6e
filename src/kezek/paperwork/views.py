"""Pages: the public verification page, the staff outbox of e-mails, document downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kezek.accounts.permissions import may
from kezek.common.errors import KezekError, NotFoundError

from .choices import DeliveryStatus
from .codes import normalize_code
from .forms import VerifyCodeForm, VerifyUploadForm
from .selectors import access_delivery, access_document, outbox_for
from .services.outbox import outbox_message_retry
from .services.verify import paperwork_verify


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """/verify/<code>/ (public): what the document is and whether it is still valid; an
    uploaded PDF is checked byte for byte (its SHA-256)."""
    form = VerifyUploadForm()
    pdf_bytes = None
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            pdf_bytes = form.cleaned_data["pdf"]
    result = paperwork_verify(code=code, pdf_bytes=pdf_bytes)
    response = render(
        request,
        "paperwork/verify.html",
        {"result": result, "form": form, "code_form": VerifyCodeForm(initial={"code": code})},
        status=200 if result.found else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def verify_lookup(request: HttpRequest) -> HttpResponse:
    """/documents/verify/?code=…: a code typed from paper opens its verification page."""
    form = VerifyCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("paperwork-verify", code=normalize_code(form.cleaned_data["code"]))
    return render(request, "paperwork/verify_lookup.html", {"code_form": form})


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """/documents/outbox/: the district's messages, e-mail and SMS (reg:18 for documents)."""
    if not may(request.user, "paperwork.read_outbox"):  # type: ignore[arg-type]
        raise Http404
    status = request.GET.get("status") or None
    deliveries = outbox_for(user=request.user, status=status)  # type: ignore[arg-type]
    return render(
        request,
        "paperwork/outbox.html",
        {
            "deliveries": deliveries[:200],
            "statuses": DeliveryStatus.choices,
            "status": status,
            "failed_count": outbox_for(user=request.user, status=DeliveryStatus.FAILED).count(),  # type: ignore[arg-type]
            "refused_count": outbox_for(user=request.user, status=DeliveryStatus.REFUSED).count(),  # type: ignore[arg-type]
            "can_retry": may(request.user, "paperwork.retry_email"),  # type: ignore[arg-type]
        },
    )


@login_required
@require_POST
def outbox_retry(request: HttpRequest, delivery_id: int) -> HttpResponse:
    try:
        delivery = access_delivery(request.user, delivery_id)  # type: ignore[arg-type]
    except NotFoundError as exc:
        raise Http404 from exc
    try:
        outbox_message_retry(actor=request.user, message=delivery)  # type: ignore[arg-type]
    except KezekError as exc:
        deliveries = outbox_for(user=request.user)  # type: ignore[arg-type]
        return render(
            request,
            "paperwork/outbox.html",
            {
                "deliveries": deliveries[:200],
                "statuses": DeliveryStatus.choices,
                "status": None,
                "failed_count": deliveries.filter(status=DeliveryStatus.FAILED).count(),
                "refused_count": deliveries.filter(status=DeliveryStatus.REFUSED).count(),
                "can_retry": may(request.user, "paperwork.retry_email"),  # type: ignore[arg-type]
                "error": exc.message,
            },
            status=422,
        )
    back = request.POST.get("next", "")
    if back.startswith("/office/"):
        return redirect(back)  # the file page the button was on
    return redirect(reverse("paperwork:outbox"))


@login_required
def document_pdf(request: HttpRequest, document_id: int) -> HttpResponse:
    """The stored PDF, byte for byte (printing at the window, reg:18)."""
    try:
        document = access_document(request.user, document_id)  # type: ignore[arg-type]
    except NotFoundError as exc:
        raise Http404 from exc
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


@login_required
def document_signature(request: HttpRequest, document_id: int) -> HttpResponse:
    """The detached CMS signature of a signed document (.p7s)."""
    try:
        document = access_document(request.user, document_id)  # type: ignore[arg-type]
    except NotFoundError as exc:
        raise Http404 from exc
    if not document.signature:
        raise Http404
    response = HttpResponse(bytes(document.signature), content_type="application/pkcs7-signature")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.p7s"'
    return response
