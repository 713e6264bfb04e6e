from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Affiliation, Attribution, Claim, Speaker


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    fk_name = "speaker"
    extra = 0


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "merged_into"]
    search_fields = ["name", "aliases"]
    inlines = [AffiliationInline]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["text", "speaker", "made_on", "first_published"]
    search_fields = ["text"]


@admin.register(Attribution)
class AttributionAdmin(SimpleHistoryAdmin):
    list_display = ["speaker_text", "cue_text", "content_text", "status", "confidence"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Attribution._meta.fields]
