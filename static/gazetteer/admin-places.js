/* Django admin point widgets (django-leaflet): without a tile server, draw the gazetteer's settlements so an
   editor can see where a point lies. The script tag carries the places API URL. */
(function () {
  "use strict";
  var placesApiUrl = document.currentScript.dataset.placesApi;
  // The widget zooms to a stored point at street level; with settlements as the only base layer, a view that
  // shows the neighbouring villages is the useful one.
  var MAX_ZOOM_ON_LOAD = 12;
  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    window.hawranPlacesLayer(map, placesApiUrl, { hoverLabels: true });
    map.on("map:loadfield", function () {
      if (map.getZoom() > MAX_ZOOM_ON_LOAD) { map.setZoom(MAX_ZOOM_ON_LOAD); }
    });
  });
}());
