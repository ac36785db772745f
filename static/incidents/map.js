/* The incidents map: loads the GeoJSON API once, then filters by type and time window in the browser. */
(function () {
  "use strict";
  var mapElement = document.getElementById("map");
  var map = L.map("map").setView([32.8, 36.1], 9);
  var tileUrl = mapElement.dataset.tileUrl;
  if (tileUrl) {
    L.tileLayer(tileUrl, { attribution: mapElement.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  }
  var colours = {
    shelling: "#d7301f", airstrike: "#7a0177", siege: "#525252", checkpoint: "#2b8cbe", clash: "#fd8d3c",
    assault: "#e7298a", territorial_change: "#31a354", arrest: "#756bb1", assassination: "#000000",
    explosion: "#feb24c", other: "#999999"
  };
  var DAY = 86400000;
  // Without a tile server the gazetteer's towns give the map its bearings, drawn beneath the incidents.
  if (!tileUrl) { window.hawranPlacesLayer(map, mapElement.dataset.placesApi); }
  var layer = L.featureGroup().addTo(map);
  var features = [];
  var dayList = [];
  var slider = document.getElementById("time-slider");
  var windowSelect = document.getElementById("window-days");
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  var showUndated = document.getElementById("show-undated");
  var summary = document.getElementById("summary");
  var label = document.getElementById("window-label");
  var playTimer = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function popupFor(props) {
    // Built with textContent so that article text is never interpreted as HTML.
    var box = element("div", "popup");
    box.appendChild(element("h3", null, props.event_type.replace("_", " ")));
    box.appendChild(element("div", "date", props.date ? props.date : "date unknown"));
    var place = element("div", "place");
    var written = element("span", null, props.place_mention);
    written.dir = "rtl";
    written.lang = "ar";
    place.appendChild(written);
    if (props.place_name_en) { place.appendChild(document.createTextNode(" (" + props.place_name_en + ")")); }
    box.appendChild(place);
    if (props.killed !== null || props.injured !== null) {
      box.appendChild(element("div", "toll", "killed: " + (props.killed === null ? "?" : props.killed) +
        ", injured: " + (props.injured === null ? "?" : props.injured) + (props.casualties_estimated ? " (estimate)" : "")));
    }
    var evidence = element("p", "evidence", props.evidence);
    evidence.dir = "rtl";
    evidence.lang = "ar";
    box.appendChild(evidence);
    var link = element("a", null, "Article: " + props.article_title);
    link.href = props.article_url;
    box.appendChild(link);
    return box;
  }

  function selectedTypes() {
    var types = {};
    document.querySelectorAll("input[name=event_type]:checked").forEach(function (box) { types[box.value] = true; });
    return types;
  }

  function currentWindow() {
    var from = dateFrom.value ? Date.parse(dateFrom.value) : -Infinity;
    var to = dateTo.value ? Date.parse(dateTo.value) : Infinity;
    var days = parseInt(windowSelect.value, 10);
    if (days > 0 && dayList.length) {
      var end = dayList[parseInt(slider.value, 10)];
      to = Math.min(to, end);
      from = Math.max(from, end - (days - 1) * DAY);
    }
    return { from: from, to: to };
  }

  function fmt(time) { return new Date(time).toISOString().slice(0, 10); }

  function redraw() {
    var types = selectedTypes();
    var span = currentWindow();
    var byPoint = {};
    var order = [];
    var shown = 0;
    layer.clearLayers();
    features.forEach(function (feature) {
      var props = feature.properties;
      if (!types[props.event_type]) { return; }
      if (props.date) {
        var time = Date.parse(props.date);
        if (time < span.from || time > span.to) { return; }
      } else if (!showUndated.checked) {
        return;
      }
      // Incidents at the same point share one marker, so none hides under another.
      var key = feature.geometry.coordinates.join(",");
      if (!byPoint[key]) { byPoint[key] = []; order.push(key); }
      byPoint[key].push(feature);
      shown += 1;
    });
    order.forEach(function (key) {
      var group = byPoint[key];
      var coords = group[0].geometry.coordinates;
      var marker = L.circleMarker([coords[1], coords[0]], {
        radius: Math.min(6 + 2 * group.length, 16), weight: group.length > 1 ? 2 : 1, color: "#222",
        fillColor: colours[group[0].properties.event_type] || "#999", fillOpacity: 0.85, className: "incident-marker"
      });
      marker.bindPopup(function () {
        var box = element("div", "popup-group");
        if (group.length > 1) { box.appendChild(element("p", "count", group.length + " incidents here")); }
        group.forEach(function (feature) { box.appendChild(popupFor(feature.properties)); });
        return box;
      }, { maxHeight: 320 });
      marker.addTo(layer);
    });
    label.textContent = (isFinite(span.from) ? fmt(span.from) : "…") + " → " + (isFinite(span.to) ? fmt(span.to) : "…");
    summary.textContent = shown + " of " + features.length + " incidents shown at " + order.length + " places";
    mapElement.dataset.incidents = String(shown);
  }

  function setUpSlider() {
    var days = {};
    features.forEach(function (f) { if (f.properties.date) { days[Date.parse(f.properties.date)] = true; } });
    var times = Object.keys(days).map(Number).sort(function (a, b) { return a - b; });
    dayList = [];
    if (times.length) {
      for (var t = times[0]; t <= times[times.length - 1]; t += DAY) { dayList.push(t); }
    }
    slider.max = String(Math.max(dayList.length - 1, 0));
    slider.value = slider.max;
    if (dayList.length > 3660) { windowSelect.value = "365"; }
  }

  function load(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error("the API answered " + response.status); }
      return response.json();
    }).then(function (page) {
      features = features.concat(page.features || []);
      return page.next ? load(page.next) : null;
    });
  }

  [slider, windowSelect, dateFrom, dateTo, showUndated].forEach(function (input) { input.addEventListener("input", redraw); });
  document.querySelectorAll("input[name=event_type]").forEach(function (box) { box.addEventListener("change", redraw); });
  document.getElementById("play").addEventListener("click", function (event) {
    if (playTimer) { clearInterval(playTimer); playTimer = null; event.target.textContent = "▶ Play"; return; }
    if (windowSelect.value === "0") { windowSelect.value = "30"; }
    slider.value = "0";
    event.target.textContent = "❚❚ Pause";
    playTimer = setInterval(function () {
      if (parseInt(slider.value, 10) >= parseInt(slider.max, 10)) {
        clearInterval(playTimer); playTimer = null; event.target.textContent = "▶ Play"; return;
      }
      slider.value = String(parseInt(slider.value, 10) + 1);
      redraw();
    }, 150);
  });

  load(mapElement.dataset.api + "?page_size=1000").then(function () {
    setUpSlider();
    windowSelect.value = "0";
    redraw();
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 11 }); }
  }).catch(function (error) {
    summary.textContent = "Could not load incidents: " + error.message;
  });
})();
