"""REST endpoints for publishers, articles and ingest jobs."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from provenance.api import ArticleProvenanceMixin
from sources import services
from sources.errors import IngestError
from sources.models import Article, IngestJob, Publisher
from sources.normalize import normalize_url


class PublisherSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ["id", "name", "slug", "domain", "aliases", "kind"]


class PublisherRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ["id", "name", "domain"]


class ArticleListSerializer(serializers.ModelSerializer):
    publisher = PublisherRefSerializer(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "canonical_url",
            "publisher",
            "title",
            "title_derived",
            "byline",
            "published",
            "published_source",
            "fetched_at",
            "first_seen",
            "content_hash",
            "origin_name",
            "origin_url",
            "origin_date",
            "inferred",
        ]


class ArticleDetailSerializer(ArticleListSerializer):
    boilerplate = serializers.SerializerMethodField()
    quotations = serializers.SerializerMethodField()

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "published_at",
            "modified",
            "subtitle",
            "language",
            "text",
            "boilerplate",
            "quotations",
            "origin_evidence",
            "raw_content_type",
        ]

    def get_boilerplate(self, obj: Article) -> list[dict]:
        return [{"start": s, "end": e, "kind": k} for s, e, k in obj.boilerplate]

    def get_quotations(self, obj: Article) -> list[dict]:
        """Block quotations the page set off (a statement, a letter), as text offsets."""
        return [{"start": s, "end": e} for s, e in obj.quotations]


class ArticleFilter(django_filters.FilterSet):
    url = django_filters.CharFilter(
        method="filter_url", help_text="exact URL, normalised as at ingestion"
    )
    publisher_id = django_filters.NumberFilter(field_name="publisher_id")
    published_after = django_filters.DateFilter(field_name="published", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published", lookup_expr="lte")
    content_hash = django_filters.CharFilter()
    inferred = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="filter_q", help_text="words in the title or text")

    class Meta:
        model = Article
        fields = ["url", "publisher_id", "content_hash", "inferred"]

    def filter_url(self, queryset, name, value):
        try:
            normalised = value if value.startswith(("file://", "urn:")) else normalize_url(value)
        except IngestError:
            return queryset.none()
        return queryset.filter(
            Q(url=normalised) | Q(canonical_url=value) | Q(canonical_url=normalised)
        )

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))


class ArticleViewSet(ArticleProvenanceMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Article.objects.select_related("publisher")
    filterset_class = ArticleFilter
    ordering_fields = ["published", "first_seen", "id"]

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleListSerializer


class PublisherViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Publisher.objects.all()
    serializer_class = PublisherSerializer
    filterset_fields = ["domain", "kind"]
    ordering_fields = ["name", "id"]


class IngestJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = IngestJob
        fields = [
            "id",
            "kind",
            "source",
            "status",
            "message",
            "parent",
            "article",
            "items_total",
            "items_done",
            "items_failed",
            "errors",
            "attempts",
            "created",
            "started",
            "finished",
        ]


class IngestJobCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[
            IngestJob.Kind.URL,
            IngestJob.Kind.FEED,
            IngestJob.Kind.SITEMAP,
            IngestJob.Kind.TEXT,
        ]
    )
    url = serializers.CharField(max_length=2000)
    html = serializers.CharField(required=False, allow_blank=True, max_length=5_000_000)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5_000_000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    published = serializers.DateField(required=False)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs):
        if attrs["kind"] == IngestJob.Kind.TEXT and not (attrs.get("html") or attrs.get("text")):
            raise serializers.ValidationError(
                {"text": "give `html` or `text` for an uploaded article"}
            )
        try:
            attrs["url"] = normalize_url(attrs["url"])
        except IngestError as exc:
            raise serializers.ValidationError({"url": str(exc)}) from None
        return attrs


class IngestJobViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = IngestJob.objects.all()
    serializer_class = IngestJobSerializer
    filterset_fields = ["status", "kind", "parent"]
    ordering_fields = ["created", "id"]

    @extend_schema(request=IngestJobCreateSerializer, responses={202: IngestJobSerializer})
    def create(self, request, *args, **kwargs):
        data = IngestJobCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kind, url = values.pop("kind"), values.pop("url")
        options = {k: str(v) for k, v in values.items() if v not in ("", None)}
        job = services.job_create(kind=kind, source=url, options=options, user=request.user)
        return Response(IngestJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
