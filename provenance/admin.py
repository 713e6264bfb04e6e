from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from provenance.models import Link


@admin.register(Link)
class LinkAdmin(SimpleHistoryAdmin):
    list_display = ["child", "parent", "kind", "status", "confidence"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Link._meta.fields]
