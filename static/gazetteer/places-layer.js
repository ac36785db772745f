/* The gazetteer's settlements drawn as a light base layer, for maps that have no tile server (offline use).
   hawranPlacesLayer(map, placesApiUrl, {hoverLabels: bool, adminLabels: bool, language: "ar"|"en",
   onLoaded: function}) adds the layer under everything drawn later; labels are in the given language where the
   gazetteer has the name (Arabic otherwise); with adminLabels, the governorates and districts of the gazetteer (the
   OCHA units once import_admin ran) are named too, districts from zoom DISTRICT_ZOOM on (under their centre, which
   is often their chief town's) and governorates up to GOVERNORATE_ZOOM (amid their districts when the gazetteer has
   them: a governorate's own point is its capital's); onLoaded is called once everything is drawn (or could not be loaded). */
(function () {
  "use strict";
  var KINDS = ["city", "town", "village", "quarter"];
  var ADMIN_KINDS = ["governorate", "district"];
  var DISTRICT_ZOOM = 9;
  var GOVERNORATE_ZOOM = 8;
  // The generic word of a unit, so that a governorate's label is never read as its capital's (درعا).
  var GENERIC = {
    governorate: { ar: "محافظة", en: "Governorate" },
    district: { ar: "منطقة", en: "District" }
  };

  function adminName(props, english) {
    var generic = GENERIC[props.kind];
    if (english && props.name_en) {
      return props.name_en.indexOf(generic.en) >= 0 ? props.name_en : props.name_en + " " + generic.en;
    }
    return props.name_ar.indexOf(generic.ar) === 0 ? props.name_ar : generic.ar + " " + props.name_ar;
  }

  function getFeatures(url) {
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { features: [] }; })
      .then(function (page) { return page.features; }, function () { return []; });
  }

  function addAdminLabels(map, layer, placesApiUrl, english) {
    var query = "?page_size=1000" + ADMIN_KINDS.map(function (kind) { return "&kind=" + kind; }).join("");
    var container = map.getContainer();
    function byZoom() {
      container.classList.toggle("admin-hide-districts", map.getZoom() < DISTRICT_ZOOM);
      container.classList.toggle("admin-hide-governorates", map.getZoom() > GOVERNORATE_ZOOM);
    }
    map.on("zoomend", byZoom);
    byZoom();
    return getFeatures(placesApiUrl + query).then(function (features) {
      var districts = {};
      features.forEach(function (feature) {
        var parent = feature.properties.parent;
        if (feature.properties.kind === "district" && feature.geometry && parent) {
          (districts[parent] = districts[parent] || []).push(feature.geometry.coordinates);
        }
      });
      features.forEach(function (feature) {
        var props = feature.properties;
        var coords = feature.geometry && feature.geometry.coordinates;
        if (!coords || !GENERIC[props.kind]) { return; }
        var inner = props.kind === "governorate" && districts[feature.id];
        if (inner) {
          coords = [0, 1].map(function (axis) {
            return inner.reduce(function (sum, point) { return sum + point[axis]; }, 0) / inner.length;
          });
        }
        var label = document.createElement("span");
        var inEnglish = english && Boolean(props.name_en);
        label.textContent = adminName(props, english);
        label.dir = inEnglish ? "ltr" : "rtl";
        label.lang = inEnglish ? "en" : "ar";
        var district = props.kind === "district";
        L.tooltip({ permanent: true, direction: district ? "bottom" : "center", offset: district ? [0, 4] : [0, 0],
                    interactive: false, className: "admin-label admin-" + props.kind })
          .setLatLng([coords[1], coords[0]]).setContent(label).addTo(layer);
      });
    });
  }

  // A settlement's name that would overlap one kept before it is hidden (the more populous first), so a crowded view
  // (the towns around Damascus on a phone) keeps its main names readable; done again at every zoom.
  function declutter(labels) {
    var kept = [];
    labels.forEach(function (tooltip) {
      var element = tooltip.getElement();
      if (!element) { return; }
      element.style.visibility = "";
      var box = element.getBoundingClientRect();
      var clash = kept.some(function (other) {
        return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
      });
      if (clash) { element.style.visibility = "hidden"; } else { kept.push(box); }
    });
  }

  window.hawranPlacesLayer = function (map, placesApiUrl, options) {
    var hoverLabels = Boolean(options && options.hoverLabels);
    var english = Boolean(options && options.language === "en");
    var layer = L.layerGroup().addTo(map);
    var query = "?page_size=1000" + KINDS.map(function (kind) { return "&kind=" + kind; }).join("");
    var admin = options && options.adminLabels ? addAdminLabels(map, layer, placesApiUrl, english) : null;
    var labels = [];
    getFeatures(placesApiUrl + query)
      .then(function (features) {
        features.slice().sort(function (a, b) {
          return (b.properties.population || 0) - (a.properties.population || 0);
        }).forEach(function (feature) {
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
            labels.push(dot.getTooltip());
          } else if (hoverLabels) {
            dot.bindTooltip(label, { direction: "right", className: "place-label place-hover" });
          }
          dot.addTo(layer);
        });
        declutter(labels);
        map.on("zoomend", function () { declutter(labels); });
      })
      .catch(function () { return null; })
      .then(function () { return admin; })
      .then(function () { if (options && options.onLoaded) { options.onLoaded(); } });
    return layer;
  };
}());
