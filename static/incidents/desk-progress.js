/* The progress page of a submitted article: polls its progress until it is extracted and geocoded, lists its
   incidents with links to correct them, and puts them on a small map over the offline settlements layer. */
(function () {
  "use strict";
  var root = document.getElementById("desk-progress");
  if (!root) { return; }
  var map = L.map("desk-map").setView([32.8, 36.1], 9);
  window.hawranPlacesLayer(map, root.dataset.placesApi, { hoverLabels: true });
  var markers = L.layerGroup().addTo(map);

  function render(progress) {
    document.getElementById("desk-status").textContent = progress.status_label;
    document.getElementById("desk-pending").textContent =
      progress.pending ? " · " + progress.pending + " incident(s) being geocoded" : "";
    document.getElementById("desk-working").hidden = progress.done;
    var list = document.getElementById("desk-incidents");
    list.replaceChildren();
    markers.clearLayers();
    var points = [];
    progress.incidents.forEach(function (incident) {
      // Every value is set as text: Arabic mentions are data, never markup.
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = incident.change_url;
      link.textContent = incident.event_type;
      var mention = document.createElement("span");
      mention.dir = "rtl";
      mention.lang = "ar";
      mention.textContent = incident.mention;
      item.append(link, " · ", mention, (incident.place ? " → " + incident.place : "") + " · " + incident.geocode);
      list.append(item);
      if (incident.lat !== null) {
        var marker = L.circleMarker([incident.lat, incident.lon], { radius: 7, color: "#b3261e" });
        var label = document.createElement("a");
        label.href = incident.change_url;
        label.textContent = incident.event_type + " · " + incident.mention;
        marker.bindPopup(label).addTo(markers);
        points.push([incident.lat, incident.lon]);
      }
    });
    if (!progress.incidents.length) {
      var none = document.createElement("li");
      none.textContent = progress.done ? "No incidents were extracted from this article." : "No incidents yet.";
      list.append(none);
    }
    if (points.length) { map.fitBounds(points, { maxZoom: 11, padding: [30, 30] }); }
  }

  function poll() {
    fetch(root.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (progress) {
        render(progress);
        if (!progress.done) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
