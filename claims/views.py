"""Pages for researchers (claims, speakers, timelines) and editors (the review queue)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims import services
from claims.models import Attribution, Claim, Speaker
from claims.selectors import claim_timeline
from provenance.permissions import is_editor


def claim_list(request):
    query = request.GET.get("q", "").strip()
    claims = Claim.objects.select_related("speaker").annotate(n=Count("attributions"))
    if query:
        claims = claims.filter(
            Q(text__icontains=query)
            | Q(speaker__name__icontains=query)
            | Q(speaker__aliases__icontains=query)
        )
    page = Paginator(claims.order_by("-n", "-first_published"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "claims/claim_list.html", {"page": page, "query": query})


def claim_detail(request, pk: int):
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=pk)
    return render(
        request, "claims/claim_detail.html", {"claim": claim, "timeline": claim_timeline(claim)}
    )


def speaker_detail(request, pk: int):
    speaker = get_object_or_404(Speaker, pk=pk)
    if speaker.merged_into_id:
        return redirect("speaker-detail", pk=services.speaker_canonical(speaker).pk)
    context = {
        "speaker": speaker,
        "affiliations": speaker.affiliations.all(),
        "claims": speaker.claims.annotate(n=Count("attributions")).order_by("-first_published"),
    }
    return render(request, "claims/speaker_detail.html", context)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("confirmed", "Confirm"), ("corrected", "Correct"), ("rejected", "Reject")]
    )
    speaker = forms.CharField(required=False, max_length=300)
    content = forms.CharField(required=False, max_length=5000)
    reason = forms.CharField(required=False, max_length=1000)


@login_required
def review_queue(request):
    if not is_editor(request.user):
        raise PermissionDenied("Only editors review attributions.")
    queue = (
        Attribution.objects.filter(status=Attribution.Status.SUGGESTED, copied_from=None)
        .select_related("article__publisher", "speaker", "claim")
        .order_by("confidence", "id")
    )
    page = Paginator(queue, 20).get_page(request.GET.get("page"))
    return render(request, "claims/review_queue.html", {"page": page})


@login_required
@require_POST
def review_submit(request, pk: int):
    if not is_editor(request.user):
        raise PermissionDenied("Only editors review attributions.")
    attribution = get_object_or_404(Attribution, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose confirm, correct or reject.")
        return redirect("review-queue")
    data = form.cleaned_data
    try:
        services.attribution_review(
            attribution=attribution,
            user=request.user,
            status=data["action"],
            speaker_name=data["speaker"],
            content=data["content"],
            reason=data["reason"],
        )
    except ValueError as exc:
        messages.error(request, f"Attribution {pk}: {exc}.")
    else:
        messages.success(request, f"Attribution {pk} {data['action']}.")
    return redirect("review-queue")
