"""REST endpoints for chains, diffs and republication links."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from provenance import selectors, services
from provenance.models import Link
from sources.models import Article


class ChainNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField(source="publisher.name")
    published = serializers.DateField(allow_null=True)
    inferred = serializers.BooleanField()


class LinkSerializer(serializers.ModelSerializer):
    containment = serializers.SerializerMethodField()

    class Meta:
        model = Link
        fields = [
            "id",
            "parent",
            "child",
            "kind",
            "jaccard",
            "containment",
            "confidence",
            "status",
            "evidence",
            "created",
            "updated",
        ]

    def get_containment(self, obj: Link) -> dict[str, float]:
        return {"child_in_parent": obj.child_in_parent, "parent_in_child": obj.parent_in_child}


class ChainSerializer(serializers.Serializer):
    root = serializers.IntegerField(source="root.pk")
    nodes = ChainNodeSerializer(many=True, source="articles")
    edges = LinkSerializer(many=True, source="links")


class DiffOpSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "insert", "delete", "replace"])
    parent = serializers.CharField(allow_blank=True)
    child = serializers.CharField(allow_blank=True)
    boilerplate = serializers.BooleanField()


class DiffSerializer(serializers.Serializer):
    child = serializers.IntegerField()
    parent = serializers.IntegerField(allow_null=True)
    link = LinkSerializer(allow_null=True)
    title = serializers.DictField()
    summary = serializers.DictField()
    ops = DiffOpSerializer(many=True)
    parent_updated = serializers.DateField(
        allow_null=True,
        help_text="The day the parent says it was updated, when after the copy was published.",
    )


class ArticleProvenanceMixin:
    """Adds /chain/ and /diff/ to the article endpoint."""

    @extend_schema(responses=ChainSerializer)
    @action(detail=True, methods=["get"])
    def chain(self, request, pk=None):
        article = get_object_or_404(Article, pk=pk)
        return Response(ChainSerializer(selectors.chain_for_article(article.pk)).data)

    @extend_schema(responses=DiffSerializer)
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        article = get_object_or_404(Article, pk=pk)
        return Response(DiffSerializer(selectors.diff_for_article(article)).data)


class LinkFilter(django_filters.FilterSet):
    child_id = django_filters.NumberFilter(field_name="child_id")
    parent_id = django_filters.NumberFilter(field_name="parent_id")

    class Meta:
        model = Link
        fields = ["status", "kind", "child_id", "parent_id"]


class LinkReviewSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[Link.Status.CONFIRMED, Link.Status.REJECTED])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class LinkViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Links between copies and parents; editors confirm or reject them (PATCH status)."""

    queryset = Link.objects.all()
    serializer_class = LinkSerializer
    filterset_class = LinkFilter
    ordering_fields = ["created", "confidence", "id"]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(request=LinkReviewSerializer, responses=LinkSerializer)
    def partial_update(self, request, *args, **kwargs):
        link = self.get_object()
        review = LinkReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        link = services.link_review(
            link=link,
            status=review.validated_data["status"],
            user=request.user,
            reason=review.validated_data.get("reason", ""),
        )
        return Response(LinkSerializer(link).data)
