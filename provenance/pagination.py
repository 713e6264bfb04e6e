from rest_framework.pagination import PageNumberPagination


class CappedPagination(PageNumberPagination):
    """Clients may ask for bigger pages, but never more than max_page_size rows."""

    page_size_query_param = "page_size"
    max_page_size = 200
