from django.contrib import admin

from sources.models import Article, Feed, IngestJob, Publisher


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "kind"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["display_title", "publisher", "published", "inferred", "first_seen"]
    list_filter = ["inferred", "publisher"]
    search_fields = ["title", "url"]
    readonly_fields = [f.name for f in Article._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # articles come in through ingestion, never by hand


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["url", "title", "active", "last_polled", "last_error"]


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "source", "status", "created"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in IngestJob._meta.fields]
