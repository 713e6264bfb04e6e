from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims import api as claims_api
from provenance import api as provenance_api
from sources import api as sources_api

router = DefaultRouter()
router.register("articles", sources_api.ArticleViewSet, basename="article")
router.register("publishers", sources_api.PublisherViewSet, basename="publisher")
router.register("jobs", sources_api.IngestJobViewSet, basename="job")
router.register("links", provenance_api.LinkViewSet, basename="link")
router.register("attributions", claims_api.AttributionViewSet, basename="attribution")
router.register("claims", claims_api.ClaimViewSet, basename="claim")
router.register("speakers", claims_api.SpeakerViewSet, basename="speaker")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/extract/", claims_api.ExtractView.as_view(), name="extract"),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("claims.urls")),
    path("", include("sources.urls")),
]
