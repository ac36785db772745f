"""Keyset (cursor) pagination: a page costs the same at any depth, and walking every page is linear."""

from rest_framework.pagination import CursorPagination
from rest_framework.response import Response


class IncidentCursorPagination(CursorPagination):
    """Incidents as GeoJSON FeatureCollection pages, in id order (the primary key's index), linked by next/previous."""

    ordering = "id"
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 10_000

    def get_paginated_response(self, data):
        return Response({
            "type": "FeatureCollection", "next": self.get_next_link(), "previous": self.get_previous_link(),
            "features": data,
        })

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object", "required": ["type", "features"],
            "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]}, "next": link,
                           "previous": link, "features": schema.get("properties", {}).get("features", schema)},
        }


class ArticleCursorPagination(CursorPagination):
    """Articles, newest first, in pages linked by next/previous."""

    ordering = "-id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
