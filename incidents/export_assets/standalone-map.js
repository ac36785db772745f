// The standalone map: markers from the embedded JSON; every text goes in through textContent, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("incident-data").textContent);
  var map = L.map("map");
  var points = [];

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function popup(feature) {
    var p = feature.properties;
    var box = element("div", "", { "class": "popup" });
    box.appendChild(element("h4", data.labels[p.event_type] || p.event_type));
    box.appendChild(element("div", p.date || "date unknown"));
    box.appendChild(element("div", p.place_name || p.place_mention, { dir: "rtl", lang: "ar" }));
    if (p.killed !== null || p.injured !== null) {
      box.appendChild(element("div", "killed: " + (p.killed === null ? "?" : p.killed) +
        ", injured: " + (p.injured === null ? "?" : p.injured)));
    }
    box.appendChild(element("p", p.evidence, { dir: "rtl", lang: "ar" }));
    var link = element("a", "Article: " + (p.article_title || "#" + p.article), { href: data.base_url + p.article_url });
    box.appendChild(link);
    return box;
  }

  document.querySelectorAll(".swatch").forEach(function (swatch) {
    swatch.style.background = swatch.getAttribute("data-colour");
  });
  data.features.forEach(function (feature) {
    var latLng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    points.push(latLng);
    L.circleMarker(latLng, {
      radius: 7, color: "#222", weight: 1, fill: true, fillOpacity: 0.85,
      fillColor: data.colours[feature.properties.event_type] || "#999999"
    }).bindPopup(function () { return popup(feature); }, { maxWidth: 360 }).addTo(map);
  });
  if (points.length) { map.fitBounds(points, { padding: [20, 20], maxZoom: 12 }); } else { map.setView([32.8, 36.1], 9); }
  document.body.setAttribute("data-markers", String(points.length));
}());
