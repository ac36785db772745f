from rest_framework.routers import DefaultRouter

from incidents.api.views import ArticleViewSet, IncidentViewSet

router = DefaultRouter()
router.register("incidents", IncidentViewSet, basename="incident")
router.register("articles", ArticleViewSet, basename="article")
urlpatterns = router.urls
