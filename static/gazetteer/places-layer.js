/* The gazetteer's settlements drawn as a light base layer, for maps that have no tile server (offline use).
   hawranPlacesLayer(map, placesApiUrl, {hoverLabels: bool, language: "ar"|"en", onLoaded: function}) adds the layer
   under everything drawn later; labels are in the given language where the gazetteer has the name (Arabic
   otherwise); onLoaded is called once the places are drawn (or could not be loaded). */
(function () {
  "use strict";
  var KINDS = ["city", "town", "village", "quarter"];

  window.hawranPlacesLayer = function (map, placesApiUrl, options) {
    var hoverLabels = Boolean(options && options.hoverLabels);
    var english = Boolean(options && options.language === "en");
    var layer = L.layerGroup().addTo(map);
    var query = "?page_size=1000" + KINDS.map(function (kind) { return "&kind=" + kind; }).join("");
    fetch(placesApiUrl + query, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { features: [] }; })
      .then(function (page) {
        page.features.forEach(function (feature) {
          var props = feature.properties;
          var coords = feature.geometry.coordinates;
          var isCity = props.kind === "city";
          var dot = L.circleMarker([coords[1], coords[0]], {
            radius: isCity ? 3 : 2, weight: 0, fillColor: "#6b7780", fillOpacity: 0.7,
            interactive: hoverLabels && !isCity, className: "place-dot"
          });
          // Tooltip content is set as text: Arabic names are data, never markup.
          var label = document.createElement("span");
          var inEnglish = english && Boolean(props.name_en);
          label.textContent = inEnglish ? props.name_en : props.name_ar;
          label.dir = inEnglish ? "ltr" : "rtl";
          label.lang = inEnglish ? "en" : "ar";
          if (isCity) {
            dot.bindTooltip(label, { permanent: true, direction: "right", className: "place-label" });
          } else if (hoverLabels) {
            dot.bindTooltip(label, { direction: "right", className: "place-label place-hover" });
          }
          dot.addTo(layer);
        });
      })
      .catch(function () { return null; })
      .then(function () { if (options && options.onLoaded) { options.onLoaded(); } });
    return layer;
  };
}());
