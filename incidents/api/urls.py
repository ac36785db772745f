from rest_framework.routers import DefaultRouter

from gazetteer.api import PlaceViewSet
from incidents.api.views import ArticleViewSet, IncidentViewSet

router = DefaultRouter()
router.register("incidents", IncidentViewSet, basename="incident")
router.register("articles", ArticleViewSet, basename="article")
router.register("places", PlaceViewSet, basename="place")
urlpatterns = router.urls
