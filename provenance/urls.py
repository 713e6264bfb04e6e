from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from provenance import api as provenance_api
from sources import api as sources_api

router = DefaultRouter()
router.register("articles", sources_api.ArticleViewSet, basename="article")
router.register("publishers", sources_api.PublisherViewSet, basename="publisher")
router.register("jobs", sources_api.IngestJobViewSet, basename="job")
router.register("links", provenance_api.LinkViewSet, basename="link")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("sources.routes")),
]
