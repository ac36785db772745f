/* Per-type symbols drawn on a canvas: each type has its own shape as well as its own colour, so the legend still
   reads in grey. window.hawranSymbols = {colours, shapes, order, draw(ctx, type, x, y, r), donut(...)}. */
(function () {
  "use strict";
  var colours = {
    shelling: "#d7301f", airstrike: "#7a0177", siege: "#525252", checkpoint: "#2b8cbe", clash: "#fd8d3c",
    assault: "#e7298a", territorial_change: "#31a354", arrest: "#756bb1", assassination: "#111111",
    explosion: "#d4a017", other: "#999999"
  };
  var shapes = {
    shelling: "circle", airstrike: "triangle", siege: "square", checkpoint: "diamond", clash: "star",
    assault: "triangleDown", territorial_change: "hexagon", arrest: "cross", assassination: "x",
    explosion: "burst", other: "ring"
  };
  var order = Object.keys(colours);

  function polygon(ctx, x, y, r, sides, rotation) {
    ctx.beginPath();
    for (var i = 0; i < sides; i += 1) {
      var a = rotation + i * 2 * Math.PI / sides;
      ctx[i ? "lineTo" : "moveTo"](x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }

  function star(ctx, x, y, r, points, inner) {
    ctx.beginPath();
    for (var i = 0; i < points * 2; i += 1) {
      var a = -Math.PI / 2 + i * Math.PI / points;
      var radius = i % 2 ? r * inner : r;
      ctx[i ? "lineTo" : "moveTo"](x + radius * Math.cos(a), y + radius * Math.sin(a));
    }
    ctx.closePath();
  }

  function bar(ctx, x, y, r, angle) {
    var w = r * 0.38;
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(angle);
    ctx.beginPath();
    ctx.rect(-r, -w, 2 * r, 2 * w);
    ctx.rect(-w, -r, 2 * w, 2 * r);
    ctx.restore();
  }

  function path(ctx, shape, x, y, r) {
    switch (shape) {
    case "triangle": polygon(ctx, x, y + r * 0.15, r * 1.15, 3, -Math.PI / 2); break;
    case "triangleDown": polygon(ctx, x, y - r * 0.15, r * 1.15, 3, Math.PI / 2); break;
    case "square": polygon(ctx, x, y, r * 1.15, 4, Math.PI / 4); break;
    case "diamond": polygon(ctx, x, y, r * 1.2, 4, 0); break;
    case "hexagon": polygon(ctx, x, y, r * 1.05, 6, 0); break;
    case "star": star(ctx, x, y, r * 1.25, 5, 0.45); break;
    case "burst": star(ctx, x, y, r * 1.2, 8, 0.6); break;
    case "cross": bar(ctx, x, y, r * 1.1, 0); break;
    case "x": bar(ctx, x, y, r * 1.1, Math.PI / 4); break;
    default: ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }

  /* One type's symbol, filled with its colour and outlined dark (a ring is drawn hollow). */
  function draw(ctx, type, x, y, r) {
    var shape = shapes[type] || "circle";
    path(ctx, shape, x, y, r);
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = "#1d2327";
    if (shape === "ring") {
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fill();
      ctx.lineWidth = Math.max(2, r / 3);
      ctx.strokeStyle = colours[type];
      ctx.stroke();
      return;
    }
    ctx.fillStyle = colours[type] || "#999";
    ctx.fill("nonzero");
    ctx.stroke();
  }

  /* A cluster of several types: a ring cut in arcs, each as long as its type's share, around a disc. */
  function donut(ctx, types, total, x, y, r) {
    var start = -Math.PI / 2;
    order.forEach(function (type) {
      if (!types[type]) { return; }
      var end = start + 2 * Math.PI * types[type] / total;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.arc(x, y, r, start, end);
      ctx.closePath();
      ctx.fillStyle = colours[type];
      ctx.fill();
      start = end;
    });
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = "#1d2327";
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x, y, r * 0.62, 0, 2 * Math.PI);
    ctx.fillStyle = "#fff";
    ctx.fill();
  }

  window.hawranSymbols = { colours: colours, shapes: shapes, order: order, draw: draw, donut: donut };
}());
