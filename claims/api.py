"""REST endpoints for attributions, claims, speakers and ad-hoc extraction."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from claims import services
from claims.attribution import extract_attributions
from claims.models import Affiliation, Attribution, Claim, Speaker
from claims.selectors import claim_timeline
from claims.serialize import attribution_to_dict


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "kind"]


def _span(text: str, start: int, end: int) -> dict:
    return {"text": text, "start": start, "end": end}


class AttributionSerializer(serializers.ModelSerializer):
    speaker = serializers.SerializerMethodField()
    cue = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    claim = serializers.PrimaryKeyRelatedField(read_only=True)
    speaker_id = serializers.PrimaryKeyRelatedField(source="speaker", read_only=True)
    article = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Attribution
        fields = [
            "id",
            "article",
            "speaker",
            "speaker_id",
            "cue",
            "content",
            "kind",
            "statement_date",
            "statement_date_text",
            "confidence",
            "status",
            "claim",
            "copied_from",
        ]

    def get_speaker(self, obj: Attribution) -> dict:
        data = _span(obj.speaker_text, obj.speaker_start, obj.speaker_end)
        data["resolved"] = obj.speaker.name if obj.speaker else None
        return data

    def get_cue(self, obj: Attribution) -> dict:
        return _span(obj.cue_text, obj.cue_start, obj.cue_end)

    def get_content(self, obj: Attribution) -> dict:
        return _span(obj.content_text, obj.content_start, obj.content_end)


class AttributionFilter(django_filters.FilterSet):
    article = django_filters.NumberFilter(field_name="article_id")
    claim = django_filters.NumberFilter(field_name="claim_id")
    speaker_id = django_filters.NumberFilter(field_name="speaker_id")

    class Meta:
        model = Attribution
        fields = ["article", "claim", "speaker_id", "status", "kind"]


class AttributionReviewSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            Attribution.Status.CONFIRMED,
            Attribution.Status.CORRECTED,
            Attribution.Status.REJECTED,
        ]
    )
    speaker = serializers.CharField(required=False, allow_blank=True, max_length=300)
    content = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)

    def validate(self, attrs):
        if attrs["status"] == Attribution.Status.CORRECTED and not (
            attrs.get("speaker") or attrs.get("content")
        ):
            raise serializers.ValidationError("a correction needs `speaker` or `content`")
        return attrs


class AttributionViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Attributions; editors confirm, correct or reject them with PATCH."""

    queryset = Attribution.objects.select_related("speaker")
    serializer_class = AttributionSerializer
    filterset_class = AttributionFilter
    ordering_fields = ["content_start", "confidence", "id", "created"]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(request=AttributionReviewSerializer, responses=AttributionSerializer)
    def partial_update(self, request, *args, **kwargs):
        review = AttributionReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        data = review.validated_data
        row = services.attribution_review(
            attribution=self.get_object(),
            user=request.user,
            status=data["status"],
            speaker_name=data.get("speaker", ""),
            content=data.get("content", ""),
            reason=data.get("reason", ""),
        )
        return Response(AttributionSerializer(row).data)


class ClaimSerializer(serializers.ModelSerializer):
    speaker = SpeakerRefSerializer(read_only=True)
    attribution_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "speaker",
            "made_on",
            "first_published",
            "last_republished",
            "attribution_count",
        ]


class ClaimDetailSerializer(ClaimSerializer):
    attributions = AttributionSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "attributions"]


class TimelineEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    speaker = serializers.CharField()
    article = serializers.IntegerField(source="article.pk", allow_null=True, default=None)
    publisher = serializers.CharField(
        source="article.publisher.name", allow_null=True, default=None
    )
    url = serializers.CharField(source="article.url", allow_null=True, default=None)
    attribution = serializers.IntegerField(source="attribution.pk", allow_null=True, default=None)


class ClaimFilter(django_filters.FilterSet):
    speaker_id = django_filters.NumberFilter(field_name="speaker_id")
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains")
    made_after = django_filters.DateFilter(field_name="made_on", lookup_expr="gte")
    made_before = django_filters.DateFilter(field_name="made_on", lookup_expr="lte")

    class Meta:
        model = Claim
        fields = ["speaker_id"]


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = ClaimFilter
    ordering_fields = ["made_on", "first_published", "id"]

    def get_queryset(self):
        claims = (
            Claim.objects.select_related("speaker")
            .order_by("-first_published", "-id")
            .annotate(attribution_count=Count("attributions"))
        )
        if self.action == "retrieve":
            claims = claims.prefetch_related(
                Prefetch("attributions", queryset=Attribution.objects.select_related("speaker"))
            )
        return claims

    def get_serializer_class(self):
        return ClaimDetailSerializer if self.action == "retrieve" else ClaimSerializer

    @extend_schema(responses=TimelineEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        return Response(TimelineEventSerializer(claim_timeline(self.get_object()), many=True).data)


class AffiliationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Affiliation
        fields = ["role", "organisation_name", "organisation"]


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "kind", "aliases", "merged_into"]


class SpeakerDetailSerializer(SpeakerSerializer):
    affiliations = AffiliationSerializer(many=True, read_only=True)
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "affiliations", "claims"]


class SpeakerMergeSerializer(serializers.Serializer):
    into = serializers.PrimaryKeyRelatedField(queryset=Speaker.objects.all())
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_fields = ["kind"]
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        speakers = Speaker.objects.all()
        if self.action == "retrieve":
            speakers = speakers.prefetch_related(
                "affiliations",
                Prefetch(
                    "claims",
                    queryset=Claim.objects.select_related("speaker").annotate(
                        attribution_count=Count("attributions")
                    ),
                ),
            )
        return speakers

    def get_serializer_class(self):
        return SpeakerDetailSerializer if self.action == "retrieve" else SpeakerSerializer

    @extend_schema(request=SpeakerMergeSerializer, responses=SpeakerSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge this speaker into another (editors); resolution then follows the merge."""
        body = SpeakerMergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        source = self.get_object()
        try:
            target = services.speaker_merge(
                source=source,
                target=body.validated_data["into"],
                user=request.user,
                reason=body.validated_data.get("reason", ""),
            )
        except ValueError as exc:
            return Response({"into": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(SpeakerSerializer(target).data)


class ExtractRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=200_000, trim_whitespace=False)
    published = serializers.DateField(required=False)


class ExtractView(APIView):
    """Attributions in posted text, without storing anything."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "extract"

    @extend_schema(request=ExtractRequestSerializer, responses={200: dict})
    def post(self, request):
        body = ExtractRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found = extract_attributions(
            body.validated_data["text"], published=body.validated_data.get("published")
        )
        return Response({"attributions": [attribution_to_dict(a) for a in found]})
