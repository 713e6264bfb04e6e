from rest_framework.permissions import SAFE_METHODS, BasePermission

EDITORS_GROUP = "editors"


def is_editor(user) -> bool:
    """Editors are staff or members of the `editors` group; only they change data."""
    if not user or not user.is_authenticated:
        return False
    return user.is_staff or user.groups.filter(name=EDITORS_GROUP).exists()


class EditorOrReadOnly(BasePermission):
    message = "Only editors can change data: log in with an editor account."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or is_editor(request.user)
