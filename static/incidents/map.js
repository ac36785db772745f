/* The incidents map. The server aggregates incidents into grid cells for the view, zoom and time window
   (/api/map/cells/); this script draws them on one canvas, runs the time histogram that is also the time control,
   opens a place's panel and keeps the whole state in the URL. #map carries data-ready="true" once a view is drawn.
   Text from articles is only ever set as textContent: it is data, never markup. */
(function () {
  "use strict";
  var S = window.hawranSymbols;
  var strings = JSON.parse(document.getElementById("map-strings").textContent);
  var rtl = document.documentElement.dir === "rtl";
  var lang = document.documentElement.lang;
  var locale = lang === "ar" ? "ar-SY-u-nu-latn" : "en-GB";
  var listSeparator = lang === "ar" ? "، " : ", ";  // the Arabic comma only in Arabic
  var mapElement = document.getElementById("map");
  var DAY = 86400000;
  var SOUTH = L.latLngBounds([32.55, 35.72], [33.38, 36.72]);  // Daraa and Quneitra governorates
  var HALO_METRES = { 2: 2500, 3: 9000 };
  var numbers = new Intl.NumberFormat(locale);
  var dayFormat = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  var monthFormat = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  var yearFormat = new Intl.DateTimeFormat(locale, { year: "numeric", timeZone: "UTC" });

  function $(id) { return document.getElementById(id); }
  var pluralRules = new Intl.PluralRules(lang);
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  /* A counted sentence in the plural form the language gives the count (Arabic has six). */
  function counted(forms, count) {
    return fill(forms[pluralRules.select(count)] || forms.other, { n: numbers.format(count) });
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function isolated(text) {  // numbers and dates inside Arabic (or Arabic inside English) keep their own order
    var node = element("bdi", null, text);
    return node;
  }
  function iso(time) { return new Date(time).toISOString().slice(0, 10); }
  function parseDay(text) { return text ? Date.parse(text + "T00:00:00Z") : null; }
  function formatDate(text, precision) {
    if (!text) { return strings.undated; }
    var time = parseDay(text);
    if (precision === "year") { return yearFormat.format(time); }
    if (precision === "month") { return monthFormat.format(time); }
    return dayFormat.format(time);
  }

  // ---- state, read from and written to the URL -------------------------------------------------------------
  var params = new URLSearchParams(window.location.search);
  var state = {
    types: params.getAll("event_type"),
    from: params.get("date_from") || "",
    to: params.get("date_to") || "",
    actor: params.get("actor") || "",
    minConfidence: params.get("min_confidence") || "",
    precisions: params.getAll("geo_precision"),
    place: params.get("place") || "",
    step: params.get("step") || "week",
    speed: params.get("speed") || "500"
  };
  document.querySelectorAll("input[name=event_type]").forEach(function (box) {
    box.checked = !state.types.length || state.types.indexOf(box.value) >= 0;
  });
  document.querySelectorAll("input[name=geo_precision]").forEach(function (box) {
    box.checked = !state.precisions.length || state.precisions.indexOf(box.value) >= 0;
  });
  $("actor").value = state.actor;
  $("min-confidence").value = state.minConfidence;
  $("step-unit").value = state.step;
  $("speed").value = state.speed;

  function checkedValues(name) {
    var all = document.querySelectorAll("input[name=" + name + "]");
    var on = Array.prototype.filter.call(all, function (box) { return box.checked; });
    return { all: on.length === all.length, values: on.map(function (box) { return box.value; }) };
  }

  /* The filters as query parameters (the names of the incidents API and the exports). */
  function filterParams(withWindow) {
    var query = new URLSearchParams();
    var types = checkedValues("event_type");
    if (!types.all) { types.values.forEach(function (t) { query.append("event_type", t); }); }
    var precisions = checkedValues("geo_precision");
    if (!precisions.all) { precisions.values.forEach(function (p) { query.append("geo_precision", p); }); }
    if ($("actor").value) { query.set("actor", $("actor").value); }
    if ($("min-confidence").value) { query.set("min_confidence", $("min-confidence").value); }
    if (withWindow && state.from) { query.set("date_from", state.from); }
    if (withWindow && state.to) { query.set("date_to", state.to); }
    return query;
  }
  function nothingSelected() {
    return !checkedValues("event_type").values.length || !checkedValues("geo_precision").values.length;
  }
  function bboxOf(bounds) {
    var clamp = function (v, lim) { return Math.max(-lim, Math.min(lim, v)); };
    return [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90), clamp(bounds.getEast(), 180),
      clamp(bounds.getNorth(), 90)].map(function (v) { return v.toFixed(4); }).join(",");
  }

  function writeUrl() {
    var query = filterParams(true);
    var centre = map.getCenter();
    query.set("lat", centre.lat.toFixed(4));
    query.set("lon", centre.lng.toFixed(4));
    query.set("zoom", String(map.getZoom()));
    if (state.place) { query.set("place", state.place); }
    if ($("step-unit").value !== "week") { query.set("step", $("step-unit").value); }
    if ($("speed").value !== "500") { query.set("speed", $("speed").value); }
    window.history.replaceState(null, "", window.location.pathname + "?" + query.toString());
    var exportQuery = filterParams(true);
    exportQuery.set("bbox", bboxOf(map.getBounds()));
    document.querySelectorAll("a.export-link").forEach(function (link) {
      link.href = link.href.split("?")[0] + "?" + exportQuery.toString();
    });
    var other = $("language-switch");
    other.href = other.getAttribute("href").split("?")[0] + "?" + query.toString();
  }

  // ---- the map and its base layers -------------------------------------------------------------------------
  var map = L.map("map", { zoomAnimation: false, fadeAnimation: false, zoomControl: false, minZoom: 6, maxZoom: 16 });
  L.control.zoom({ position: rtl ? "topright" : "topleft" }).addTo(map);
  if (params.get("lat") && params.get("lon") && params.get("zoom")) {
    map.setView([parseFloat(params.get("lat")), parseFloat(params.get("lon"))], parseInt(params.get("zoom"), 10));
  } else {
    map.fitBounds(SOUTH);
  }

  var baseLayersFilled = [];  // the offline layers in the order their shapes went on the canvas (tests read it)
  function addOfflineBaseMap() {
    map.createPane("basemap").style.zIndex = 250;
    var renderer = L.canvas({ pane: "basemap" });
    var styles = {
      osm_countries_maritime: { color: "#8a8f94", weight: 1.4, fillColor: "#f4f1ea", fillOpacity: 1 },
      qgis_admin1: function (feature) {
        return feature.properties.name === "UNDOF" ?
          { color: "#4b7bb5", weight: 1, dashArray: "4 3", fillColor: "#4b7bb5", fillOpacity: 0.12 } :
          { stroke: false, fill: false };
      },
      ne10m_admin1_lines: { color: "#a9a39a", weight: 0.9, dashArray: "5 4", fill: false },
      qgis_disputed: { color: "#b5534b", weight: 1.2, dashArray: "2 4", fill: false },
      gshhg_rivers: { color: "#6a9fd4", weight: 1.2, fill: false },
      gshhg_lakes: { color: "#6a9fd4", weight: 0.8, fillColor: "#bcd7f0", fillOpacity: 1 }
    };
    var layers = {};
    var url = mapElement.dataset.basemapUrl;
    Object.keys(styles).forEach(function (name) {
      layers[name] = L.geoJSON(null, { renderer: renderer, interactive: false, style: styles[name] }).addTo(map);
    });
    // One canvas paints its paths in the order they were added, so the layers are filled in their fixed order once
    // every fetch is back (land first, then the lines and water over it), whichever answers first.
    begin();
    Promise.all(Object.keys(styles).map(function (name) {
      return getJson(url.replace("LAYER", name)).catch(function (error) { showError(error); return null; });
    })).then(function (answers) {
      Object.keys(styles).forEach(function (name, i) {
        if (answers[i]) { layers[name].addData(answers[i]); baseLayersFilled.push(name); }
      });
    }).then(end);
    // The credits each layer's licence asks for; the link leads to the layers' sources and licences.
    var credits = element("a", null, "© OpenStreetMap contributors (ODbL) · Natural Earth · GSHHG (LGPL-3.0)");
    credits.href = url.replace("LAYER.geojson", "SOURCE.md");
    credits.lang = "en";
    credits.dir = "ltr";
    map.attributionControl.addAttribution(credits.outerHTML);
    begin();
    window.hawranPlacesLayer(map, mapElement.dataset.placesApi, { language: lang, adminLabels: true, onLoaded: end });
  }

  // ---- the incidents, drawn on one canvas ------------------------------------------------------------------
  map.createPane("incidents").style.zIndex = 450;
  var canvas = element("canvas", "incident-canvas");
  map.getPane("incidents").appendChild(canvas);
  var cellsData = { cells: [], cell_degrees: 1 };
  var drawnCells = [];

  function symbolRadius(count) { return Math.min(7 + 2.6 * Math.log2(count), 22); }

  function drawCells() {
    var size = map.getSize();
    var ratio = window.devicePixelRatio || 1;
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    canvas.style.width = size.x + "px";
    canvas.style.height = size.y + "px";
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    var metresPerPixel = 40075016.686 * Math.cos(map.getCenter().lat * Math.PI / 180) / Math.pow(2, map.getZoom() + 8);
    drawnCells = cellsData.cells.map(function (cell) {
      var at = map.latLngToContainerPoint([cell.lat, cell.lon]);
      return { cell: cell, x: at.x, y: at.y, r: symbolRadius(cell.count), halo: 0 };
    });
    // Uncertainty halos first, beneath every symbol: where at least half the incidents are placed only near a
    // place or in a region (geo precision 2 or 3), sized by the coarsest precision.
    drawnCells.forEach(function (item) {
      if (item.cell.imprecise * 2 < item.cell.count) { return; }
      var halo = Math.max(HALO_METRES[item.cell.precision] / metresPerPixel, item.r + 4);
      item.halo = halo;
      ctx.beginPath();
      ctx.arc(item.x, item.y, halo, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(90, 110, 130, 0.16)";
      ctx.fill();
      ctx.setLineDash([3, 3]);
      ctx.lineWidth = 1;
      ctx.strokeStyle = "rgba(60, 75, 90, 0.6)";
      ctx.stroke();
      ctx.setLineDash([]);
    });
    // Small symbols last, so a big cluster never hides a lone incident; then every count over all the symbols, so a
    // small symbol on a big cluster's edge never hides the cluster's number.
    var bigFirst = drawnCells.slice().sort(function (a, b) { return b.r - a.r; });
    bigFirst.forEach(function (item) {
      var types = Object.keys(item.cell.types);
      if (types.length === 1) {
        S.draw(ctx, types[0], item.x, item.y, item.r * 0.8);
      } else {
        S.donut(ctx, item.cell.types, item.cell.count, item.x, item.y, item.r);
      }
    });
    bigFirst.forEach(function (item) {
      if (item.cell.count > 1) {
        ctx.font = "bold " + (item.r > 12 ? 12 : 10) + "px system-ui, sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        var label = numbers.format(item.cell.count);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "#fff";
        ctx.strokeText(label, item.x, item.y);
        ctx.fillStyle = "#111";
        ctx.fillText(label, item.x, item.y);
      }
    });
    mapElement.dataset.cells = String(drawnCells.length);
  }

  // The symbol under a point: of overlapping ones, the one whose centre is nearest for its size, so the middle of a
  // cluster opens that cluster even where a small symbol overlaps its edge.
  function cellAt(point) {
    var best = null;
    var bestShare = Infinity;
    drawnCells.forEach(function (item) {
      var distance = Math.hypot(item.x - point.x, item.y - point.y);
      if (distance <= item.r + 3 && distance / item.r < bestShare) { best = item; bestShare = distance / item.r; }
    });
    return best;
  }

  // ---- requests and readiness ------------------------------------------------------------------------------
  var pending = 0;
  var everReady = false;
  var cellsAbort = null;

  function begin() {
    if (pending === 0) {
      mapElement.removeAttribute("data-ready");
      performance.mark("map-redraw-start");
    }
    pending += 1;
  }
  function end() {
    pending -= 1;
    if (pending > 0) { return; }
    performance.measure("map-redraw", "map-redraw-start");
    if (!everReady) { everReady = true; performance.mark("map-first-ready"); }
    mapElement.dataset.ready = "true";
  }
  function getJson(url, signal) {
    return fetch(url, { headers: { Accept: "application/json" }, signal: signal }).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
      return response.json();
    });
  }
  function showError(error) {
    if (error.name !== "AbortError") { $("summary").textContent = fill(strings.error, { error: error.message }); }
  }

  function refreshCells() {
    if (cellsAbort) { cellsAbort.abort(); end(); }
    begin();
    if (nothingSelected()) {
      cellsData = { cells: [], total: 0, unplaced: 0 };
      cellsAbort = null;
      drawCells(); summarise(); end();
      return;
    }
    var query = filterParams(true);
    query.set("bbox", bboxOf(map.getBounds().pad(0.25)));
    query.set("zoom", String(map.getZoom()));
    var controller = new AbortController();
    cellsAbort = controller;
    getJson(mapElement.dataset.cellsApi + "?" + query.toString(), controller.signal).then(function (data) {
      cellsData = data;
      drawCells();
      summarise();
    }).catch(showError).then(function () {
      if (cellsAbort === controller) { cellsAbort = null; end(); }
    });
  }

  function summarise() {
    $("summary").textContent = counted(strings.summary, cellsData.total) + " " +
      counted(strings.symbols, cellsData.cells.length);
    $("unplaced").textContent = counted(strings.unplaced, cellsData.unplaced);
    mapElement.dataset.total = String(cellsData.total);
    mapElement.dataset.unplaced = String(cellsData.unplaced);
  }

  map.on("moveend", function () { refreshCells(); writeUrl(); });
  map.on("resize", drawCells);
  map.on("click", function (event) {
    var hit = cellAt(event.containerPoint);
    if (hit) { openPanel(hit.cell.place ? { place: hit.cell.place } : { cell: hit.cell }); }
  });
  map.on("mousemove", function (event) {
    mapElement.classList.toggle("over-symbol", Boolean(cellAt(event.containerPoint)));
  });

  // ---- the time histogram, which is also the time control -------------------------------------------------
  var histogramCanvas = $("histogram");
  var histogram = { buckets: [], unit: "day", t0: 0, t1: 0, max: 1 };
  var histogramAbort = null;
  var PAD = 8;

  function unitEnd(time, unit) {  // the last day of the bucket starting at time
    var date = new Date(time);
    if (unit === "month") { return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - DAY; }
    return time + (unit === "week" ? 6 : 0) * DAY;
  }
  function xOf(time) {
    var width = histogramCanvas.clientWidth;
    var span = Math.max(histogram.t1 - histogram.t0, DAY);
    var x = PAD + (time - histogram.t0) / span * (width - 2 * PAD);
    return rtl ? width - x : x;  // in Arabic, time runs right to left like the text
  }
  function timeOf(x) {
    var width = histogramCanvas.clientWidth;
    var position = rtl ? width - x : x;
    var time = histogram.t0 + (position - PAD) / (width - 2 * PAD) * (histogram.t1 - histogram.t0);
    time = Math.min(Math.max(time, histogram.t0), histogram.t1 - DAY);
    return Math.floor(time / DAY) * DAY;
  }

  function drawHistogram() {
    var ratio = window.devicePixelRatio || 1;
    var width = histogramCanvas.clientWidth;
    var height = histogramCanvas.clientHeight;
    histogramCanvas.width = width * ratio;
    histogramCanvas.height = height * ratio;
    var ctx = histogramCanvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var base = height - 16;
    histogram.buckets.forEach(function (bucket) {
      var left = xOf(bucket.t);
      var right = xOf(unitEnd(bucket.t, histogram.unit) + DAY);
      var x = Math.min(left, right);
      var w = Math.max(Math.abs(right - left) - 0.5, 0.8);
      var y = base;
      S.order.forEach(function (type) {
        var count = bucket.types[type];
        if (!count) { return; }
        var h = count / histogram.max * (base - 4);
        ctx.fillStyle = S.colours[type];
        ctx.fillRect(x, y - h, w, h);
        y -= h;
      });
    });
    ctx.fillStyle = "#555";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "bottom";
    if (histogram.buckets.length) {
      var firstYear = new Date(histogram.t0).getUTCFullYear();
      var lastYear = new Date(histogram.t1).getUTCFullYear();
      var every = Math.max(1, Math.ceil((lastYear - firstYear + 1) * 40 / Math.max(width, 1)));
      for (var year = firstYear; year <= lastYear; year += every) {
        var x = xOf(Math.max(Date.UTC(year, 0, 1), histogram.t0));
        ctx.textAlign = rtl ? "right" : "left";
        ctx.fillText(yearFormat.format(Date.UTC(year, 0, 1)), x + (rtl ? -2 : 2), height);
        ctx.fillRect(x, base, 1, 4);
      }
    }
    if (state.from || state.to) {
      var from = xOf(state.from ? parseDay(state.from) : histogram.t0);
      var to = xOf((state.to ? parseDay(state.to) : histogram.t1 - DAY) + DAY);
      var lo = Math.min(from, to);
      var hi = Math.max(from, to);
      ctx.fillStyle = "rgba(255, 255, 255, 0.6)";
      ctx.fillRect(0, 0, lo, base);
      ctx.fillRect(hi, 0, width - hi, base);
      ctx.strokeStyle = "#23303b";
      ctx.lineWidth = 2;
      ctx.strokeRect(lo, 1, Math.max(hi - lo, 2), base - 1);
    }
    updateWindowLabel();
  }

  function updateWindowLabel() {
    var label = $("window-label");
    label.textContent = "";
    if (!state.from && !state.to) { label.textContent = strings.allTime; return; }
    label.appendChild(isolated(formatDate(state.from || iso(histogram.t0), "day")));
    label.appendChild(document.createTextNode(" – "));
    label.appendChild(isolated(formatDate(state.to || iso(histogram.t1 - DAY), "day")));
  }

  function refreshHistogram() {
    if (histogramAbort) { histogramAbort.abort(); end(); }
    begin();
    var controller = new AbortController();
    histogramAbort = controller;
    getJson(mapElement.dataset.histogramApi + "?" + filterParams(false).toString(), controller.signal)
      .then(function (data) {
        histogram.unit = data.unit;
        histogram.buckets = data.buckets.map(function (bucket) {
          var total = 0;
          Object.keys(bucket.types).forEach(function (type) { total += bucket.types[type]; });
          return { t: parseDay(bucket.start), types: bucket.types, total: total };
        });
        histogram.t0 = data.first ? parseDay(data.buckets[0].start) : Date.UTC(2011, 0, 1);
        histogram.t1 = data.last ? unitEnd(parseDay(data.buckets[data.buckets.length - 1].start), data.unit) + DAY :
          histogram.t0 + DAY;
        histogram.first = data.first;
        histogram.last = data.last;
        histogram.max = Math.max.apply(null, [1].concat(histogram.buckets.map(function (b) { return b.total; })));
        drawHistogram();
      }).catch(showError).then(function () {
        if (histogramAbort === controller) { histogramAbort = null; end(); }
      });
  }

  function setWindow(from, to) {
    state.from = from ? iso(from) : "";
    state.to = to ? iso(to) : "";
    drawHistogram();
  }

  // Brushing: drag on empty ground draws a window, drag inside moves it, drag an edge resizes it.
  var drag = null;
  var dragTimer = null;
  histogramCanvas.addEventListener("pointerdown", function (event) {
    if (!histogram.buckets.length) { return; }
    histogramCanvas.setPointerCapture(event.pointerId);
    var x = event.offsetX;
    var time = timeOf(x);
    var hasWindow = state.from && state.to;
    var from = hasWindow ? parseDay(state.from) : null;
    var to = hasWindow ? parseDay(state.to) : null;
    if (hasWindow && Math.abs(x - xOf(from)) < 7) {
      drag = { mode: "from" };
    } else if (hasWindow && Math.abs(x - xOf(to + DAY)) < 7) {
      drag = { mode: "to" };
    } else if (hasWindow && time >= from && time <= to) {
      drag = { mode: "move", offset: time - from, length: to - from };
    } else {
      drag = { mode: "new", anchor: time };
      setWindow(time, time);
    }
  });
  histogramCanvas.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var time = timeOf(event.offsetX);
    var from = parseDay(state.from);
    var to = parseDay(state.to);
    if (drag.mode === "new") {
      setWindow(Math.min(drag.anchor, time), Math.max(drag.anchor, time));
    } else if (drag.mode === "from") {
      setWindow(Math.min(time, to), to);
    } else if (drag.mode === "to") {
      setWindow(from, Math.max(time, from));
    } else {
      var start = Math.min(Math.max(time - drag.offset, histogram.t0), histogram.t1 - DAY - drag.length);
      setWindow(start, start + drag.length);
    }
    // While the pointer moves the map follows, a few times a second.
    if (!dragTimer) { dragTimer = setTimeout(function () { dragTimer = null; refreshCells(); }, 120); }
  });
  function endDrag() {
    if (!drag) { return; }
    drag = null;
    clearTimeout(dragTimer);
    dragTimer = null;
    refreshCells();
    writeUrl();
  }
  histogramCanvas.addEventListener("pointerup", endDrag);
  histogramCanvas.addEventListener("pointercancel", endDrag);

  function shifted(time, unit, steps) {
    if (unit === "month") {
      var date = new Date(time);
      var target = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + steps, 1);
      var lastDay = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + steps + 1, 1) - DAY;
      return Math.min(target + (date.getUTCDate() - 1) * DAY, lastDay);
    }
    return time + steps * (unit === "week" ? 7 : 1) * DAY;
  }

  /* Move the window one day, week or month; with no window, start one unit long at the first incident. */
  function step(direction) {
    if (!histogram.buckets.length) { return false; }
    var unit = $("step-unit").value;
    var from;
    var to;
    if (!state.from || !state.to) {
      from = histogram.t0;
      to = shifted(from, unit, 1) - DAY;
    } else {
      from = shifted(parseDay(state.from), unit, direction);
      to = shifted(parseDay(state.to) + DAY, unit, direction) - DAY;
    }
    if (direction > 0 && from >= histogram.t1) { return false; }
    if (direction < 0 && to < histogram.t0) { return false; }
    setWindow(from, to);
    refreshCells();
    writeUrl();
    return true;
  }
  $("step-forward").addEventListener("click", function () { step(rtl ? 1 : 1); });
  $("step-back").addEventListener("click", function () { step(-1); });
  $("whole-range").addEventListener("click", function () { setWindow(null, null); refreshCells(); writeUrl(); });

  // Playing steps forward at the chosen speed; the next step waits for the current view to be drawn.
  var playing = false;
  var playTimer = null;
  function setPlaying(on) {
    playing = on;
    clearTimeout(playTimer);
    // Time runs right to left in Arabic: play points that way.
    $("play").textContent = (on ? "❚❚ " : (rtl ? "◀ " : "▶ ")) + (on ? strings.pause : strings.play);
    $("play").setAttribute("aria-pressed", String(on));
    if (on) { tick(); }
  }
  function tick() {
    if (!playing) { return; }
    if (!step(1)) { setPlaying(false); return; }
    var started = performance.now();
    (function waitDrawn() {
      if (!playing) { return; }
      if (mapElement.dataset.ready !== "true") { playTimer = setTimeout(waitDrawn, 20); return; }
      var delay = Math.max(0, parseInt($("speed").value, 10) - (performance.now() - started));
      playTimer = setTimeout(tick, delay);
    }());
  }
  $("play").addEventListener("click", function () { setPlaying(!playing); });
  $("speed").addEventListener("change", writeUrl);
  $("step-unit").addEventListener("change", writeUrl);

  // ---- filters ------------------------------------------------------------------------------------------
  function filtersChanged() { refreshCells(); refreshHistogram(); writeUrl(); if (panelQuery) { openPanel(panelQuery); } }
  document.querySelectorAll("#controls input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", filtersChanged);
  });
  $("actor").addEventListener("change", filtersChanged);
  $("min-confidence").addEventListener("change", filtersChanged);
  document.querySelectorAll("canvas.legend-symbol").forEach(function (swatch) {
    var ctx = swatch.getContext("2d");
    S.draw(ctx, swatch.dataset.type, 9, 9, 6);
  });
  $("drawer-toggle").addEventListener("click", function () {
    var open = document.body.classList.toggle("drawer-open");
    $("drawer-toggle").setAttribute("aria-expanded", String(open));
    setTimeout(function () { map.invalidateSize(); }, 0);
  });

  // ---- a place's (or a cluster's) panel --------------------------------------------------------------------
  var panelQuery = null;
  var panelAbort = null;

  function placeName(record) {
    return (lang === "en" && record.place_name_en) ? record.place_name_en : (record.place_name_ar || record.place_mention);
  }

  function openPanel(what) {
    panelQuery = what;
    var query = filterParams(true);
    if (what.place) {
      query.set("place", what.place);
      state.place = String(what.place);
    } else if (what.cell) {
      var size = cellsData.cell_degrees;
      query.set("bbox", [what.cell.gx * size, what.cell.gy * size, (what.cell.gx + 1) * size,
        (what.cell.gy + 1) * size].map(function (v) { return v.toFixed(6); }).join(","));
      state.place = "";
    } else {
      query.set("unplaced", "1");
      state.place = "";
    }
    writeUrl();
    if (panelAbort) { panelAbort.abort(); end(); }
    begin();
    var controller = new AbortController();
    panelAbort = controller;
    getJson(mapElement.dataset.incidentsApi + "?" + query.toString(), controller.signal).then(function (data) {
      renderPanel(what, data);
    }).catch(showError).then(function () {
      if (panelAbort === controller) { panelAbort = null; end(); }
    });
  }

  function closePanel() {
    panelQuery = null;
    state.place = "";
    $("place-panel").hidden = true;
    document.body.classList.remove("panel-open");
    writeUrl();
  }
  $("panel-close").addEventListener("click", closePanel);
  $("unplaced").addEventListener("click", function (event) { event.preventDefault(); openPanel({ unplaced: true }); });

  function renderPanel(what, data) {
    var panel = $("place-panel");
    var title = $("panel-title");
    title.textContent = "";
    if (what.unplaced) {
      title.textContent = strings.unplacedTitle;
    } else if (what.place && data.incidents.length) {
      var name = element("span", null, placeName(data.incidents[0]));
      name.dir = "auto";
      title.appendChild(name);
    } else {
      title.textContent = counted(strings.cluster, data.total);
    }
    var count = counted(strings.incidentsHere, data.total);
    if (data.total > data.incidents.length) {
      count += " · " + counted(strings.shownFirst, data.incidents.length);
    }
    $("panel-count").textContent = count;
    drawPanelChart(data.months);
    var list = $("panel-list");
    list.textContent = "";
    data.incidents.forEach(function (incident) { list.appendChild(incidentItem(incident)); });
    panel.hidden = false;
    document.body.classList.add("panel-open");
  }

  function drawPanelChart(months) {
    var chart = $("panel-chart");
    var ratio = window.devicePixelRatio || 1;
    var width = chart.clientWidth || 260;
    var height = chart.clientHeight || 60;
    chart.width = width * ratio;
    chart.height = height * ratio;
    var ctx = chart.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!months.length) { return; }
    var first = parseDay(months[0].month + "-01");
    var last = parseDay(months[months.length - 1].month + "-01");
    var span = Math.max(1, Math.round((last - first) / (30.44 * DAY)) + 1);
    var max = Math.max.apply(null, months.map(function (m) { return m.count; }));
    var barWidth = Math.max(1, (width - 4) / span);
    ctx.fillStyle = "#23303b";
    months.forEach(function (m) {
      var index = Math.round((parseDay(m.month + "-01") - first) / (30.44 * DAY));
      var x = 2 + index * barWidth;
      if (rtl) { x = width - x - barWidth; }
      var h = m.count / max * (height - 14);
      ctx.fillRect(x, height - 12 - h, Math.max(barWidth - 1, 1), h);
    });
    ctx.font = "10px system-ui, sans-serif";
    ctx.textBaseline = "bottom";
    ctx.textAlign = rtl ? "right" : "left";
    ctx.fillText(monthFormat.format(first), rtl ? width - 2 : 2, height);
    ctx.textAlign = rtl ? "left" : "right";
    ctx.fillText(monthFormat.format(last), rtl ? 2 : width - 2, height);
  }

  function incidentItem(incident) {
    var item = element("li", "incident");
    var head = element("div", "incident-head");
    var symbol = element("canvas", "legend-symbol");
    symbol.width = 18;
    symbol.height = 18;
    S.draw(symbol.getContext("2d"), incident.event_type, 9, 9, 6);
    head.appendChild(symbol);
    head.appendChild(element("strong", "incident-type", strings.types[incident.event_type] || incident.event_type));
    head.appendChild(document.createTextNode(" · "));
    var date = isolated(formatDate(incident.date, incident.date_precision));
    date.className = "incident-date";
    head.appendChild(date);
    item.appendChild(head);
    var place = element("div", "incident-place");
    var written = element("span", null, incident.place_mention);
    written.dir = "rtl";
    written.lang = "ar";
    place.appendChild(written);
    if (lang === "en" && incident.place_name_en) { place.appendChild(document.createTextNode(" (" + incident.place_name_en + ")")); }
    item.appendChild(place);
    if (incident.killed !== null || incident.injured !== null) {
      var toll = element("div", "incident-toll");
      // Only the figures the report gives: "killed: ?" said nothing.
      [[strings.killed, incident.killed], [strings.injured, incident.injured]].filter(function (figure) {
        return figure[1] !== null;
      }).forEach(function (figure, i) {
        toll.appendChild(document.createTextNode((i ? " · " : "") + figure[0] + ": "));
        toll.appendChild(isolated(numbers.format(figure[1])));
      });
      if (incident.casualties_estimated) { toll.appendChild(document.createTextNode(" (" + strings.estimate + ")")); }
      item.appendChild(toll);
    }
    if (incident.actors.length) { item.appendChild(element("div", "incident-actors", strings.actors + ": " + incident.actors.join(listSeparator))); }
    if (incident.weapons.length) { item.appendChild(element("div", "incident-weapons", strings.weapons + ": " + incident.weapons.join(listSeparator))); }
    var quality = element("div", "incident-quality");
    quality.appendChild(document.createTextNode(strings.precision + " "));
    quality.appendChild(isolated(incident.geo_precision === null ? "–" : numbers.format(incident.geo_precision)));
    quality.appendChild(document.createTextNode(" · " + strings.confidence + " "));
    quality.appendChild(isolated(incident.confidence === null ? "–" : numbers.format(Math.round(incident.confidence * 100) / 100)));
    item.appendChild(quality);
    var evidence = element("p", "evidence", incident.evidence);
    evidence.dir = "rtl";
    evidence.lang = "ar";
    item.appendChild(evidence);
    var links = element("div", "incident-links");
    if (incident.outlet) {
      links.appendChild(document.createTextNode(strings.outlet + ": "));
      var outlet = element("bdi", "incident-outlet", incident.outlet);
      links.appendChild(outlet);
      links.appendChild(document.createTextNode(" · "));
    }
    var article = element("a", "article-link", strings.article);
    article.href = mapElement.dataset.articleUrl.replace("/0/", "/" + incident.article_id + "/");
    links.appendChild(article);
    if (incident.original_url && /^https?:\/\//.test(incident.original_url)) {
      links.appendChild(document.createTextNode(" · "));
      var original = element("a", "original-link", strings.original);
      original.href = incident.original_url;
      original.rel = "noopener noreferrer";
      links.appendChild(original);
    }
    item.appendChild(links);
    return item;
  }

  // ---- place search (the gazetteer's resolver: clitics, spelling variants) ---------------------------------
  var searchTimer = null;
  var searchResults = [];
  function search(text) {
    getJson(mapElement.dataset.searchApi + "?q=" + encodeURIComponent(text)).then(function (data) {
      searchResults = data.places;
      var list = $("place-results");
      list.textContent = "";
      if (!data.places.length && text.trim()) { list.appendChild(element("li", "no-result", strings.noPlaces)); }
      data.places.forEach(function (place) {
        var button = element("button", "place-result");
        button.type = "button";
        var arabic = element("span", null, place.name_ar);
        arabic.dir = "rtl";
        arabic.lang = "ar";
        button.appendChild(arabic);
        if (place.name_en) { button.appendChild(document.createTextNode(" · " + place.name_en)); }
        button.addEventListener("click", function () { goToPlace(place); });
        var item = element("li");
        item.appendChild(button);
        list.appendChild(item);
      });
    }).catch(showError);
  }
  function goToPlace(place) {
    map.setView([place.lat, place.lon], Math.max(map.getZoom(), 12));
    openPanel({ place: place.id });
  }
  $("place-search-input").addEventListener("input", function (event) {
    clearTimeout(searchTimer);
    var text = event.target.value;
    searchTimer = setTimeout(function () { search(text); }, 200);
  });
  $("place-search").addEventListener("submit", function (event) {
    event.preventDefault();
    if (searchResults.length) { goToPlace(searchResults[0]); }
  });

  window.addEventListener("resize", drawHistogram);
  window.hawranMap = { map: map, cells: function () { return drawnCells; }, openPanel: openPanel,
                      baseLayersFilled: function () { return baseLayersFilled.slice(); } };

  var tileUrl = mapElement.dataset.tileUrl;
  if (tileUrl) {
    L.tileLayer(tileUrl, { attribution: mapElement.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  } else {
    addOfflineBaseMap();
  }
  refreshHistogram();
  refreshCells();
  if (state.place) { openPanel({ place: parseInt(state.place, 10) }); }
  writeUrl();
}());
