"""GeoJSON serializers of incidents."""

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from incidents.models import Article, Incident


class IncidentSerializer(GeoFeatureModelSerializer):
    place_name = serializers.CharField(source="place.name_ar", default=None, read_only=True)
    place_name_en = serializers.CharField(source="place.name_en", default=None, read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    article_url = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        geo_field = "point"
        fields = [
            "id", "event_type", "date", "date_precision", "place_mention", "place", "place_name", "place_name_en",
            "geo_precision", "geocode_status", "geocode_confidence", "actors", "weapons", "killed", "injured",
            "casualties_estimated", "evidence", "review_status", "article", "article_title", "article_url",
        ]
        read_only_fields = fields

    def get_article_url(self, incident: Incident) -> str:
        return f"/articles/{incident.article_id}/"


class ArticleSubmitSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2_000_000, trim_whitespace=False)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True)


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title", "source", "url", "published_on", "date_missing", "status", "error", "created_at"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.has_perm("incidents.view_article"):
            # Error texts can quote internals: only editors see them.
            data.pop("error", None)
        return data
