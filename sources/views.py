"""Server-rendered pages: browse articles, read one, watch ingest jobs, submit a URL."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from provenance.permissions import is_editor
from provenance.selectors import chain_for_article, chain_tree, diff_for_article
from sources import services
from sources.errors import IngestError
from sources.models import Article, IngestJob
from sources.normalize import normalize_url
from sources.selectors import article_search, article_text_parts


def article_list(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(article_search(query), 25).get_page(request.GET.get("page"))
    return render(request, "sources/article_list.html", {"page": page, "query": query})


def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("publisher"), pk=pk)
    chain = chain_for_article(article.pk)
    context = {
        "article": article,
        "parts": article_text_parts(article),
        "tree": chain_tree(chain) if chain.links else None,
        "diff": diff_for_article(article),
    }
    return render(request, "sources/article_detail.html", context)


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("url", "Page URL"), ("feed", "RSS/Atom feed"), ("sitemap", "Sitemap")]
    )
    url = forms.CharField(
        max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://…"})
    )

    def clean_url(self) -> str:
        try:
            return normalize_url(self.cleaned_data["url"])
        except IngestError as exc:
            raise forms.ValidationError(str(exc)) from None


def job_list(request):
    form = SubmitForm(request.POST or None)
    if request.method == "POST":
        if not is_editor(request.user):
            raise PermissionDenied("Only editors can submit articles.")
        if form.is_valid():
            job = services.job_create(
                kind=form.cleaned_data["kind"], source=form.cleaned_data["url"], user=request.user
            )
            messages.success(request, f"Queued job {job.pk}.")
            return redirect("job-list")
    jobs = IngestJob.objects.filter(parent=None).select_related("article")[:100]
    return render(
        request,
        "sources/job_list.html",
        {"jobs": jobs, "form": form, "can_submit": is_editor(request.user)},
    )
