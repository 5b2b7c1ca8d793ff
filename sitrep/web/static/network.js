/* sitrep web: the actor network. Layout is computed on the server (networkx spring layout);
   this draws it. Data block: {"nodes": [{"id", "name", "type", "activity", "x", "y", "url"}],
   "edges": [{"source", "target", "type", "weight"}], "edge_types": {"backed_by": "#hex", ...}}.
   Nodes are sized by activity, edges coloured by type; hovering a node fades unrelated ones. */
"use strict";
(function () {
  var W = 1000, H = 620, PAD = 60;

  function arrowDefs(svg, types) {
    var defs = sitrep.svg("defs", {}, svg);
    Object.keys(types).forEach(function (t) {
      var m = sitrep.svg("marker", {id: "arrow-" + t, viewBox: "0 0 10 10", refX: 10, refY: 5,
        markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse"}, defs);
      sitrep.svg("path", {d: "M0,0L10,5L0,10z", fill: types[t]}, m);
    });
  }

  function draw(svg, data) {
    var pos = {}, radius = {}, maxAct = 1;
    data.nodes.forEach(function (n) { if (n.activity > maxAct) { maxAct = n.activity; } });
    data.nodes.forEach(function (n) {
      pos[n.id] = [PAD + n.x * (W - 2 * PAD - 120), PAD + n.y * (H - 2 * PAD)];  /* room for labels */
      radius[n.id] = 5 + 18 * Math.sqrt((n.activity || 0) / maxAct);
    });
    arrowDefs(svg, data.edge_types);
    var eg = sitrep.svg("g", {"class": "edges"}, svg), ng = sitrep.svg("g", {"class": "nodes"}, svg);
    var edgeEls = [];
    var seen = {};
    data.edges.forEach(function (e) {
      var a = pos[e.source], b = pos[e.target];
      if (!a || !b) { return; }
      /* Several links between one pair bend apart: the n-th one by n * 18 px. */
      var pair = e.source < e.target ? e.source + "|" + e.target : e.target + "|" + e.source;
      var n = seen[pair] = (seen[pair] || 0) + 1;
      var dx = b[0] - a[0], dy = b[1] - a[1], len = Math.sqrt(dx * dx + dy * dy) || 1;
      /* The bend is measured to the left of the direction of travel, so A->B and B->A part ways. */
      var bend = (n - 1) * 18;
      if (data.edges.some(function (o) { return o.source === e.target && o.target === e.source; })) {
        bend += 14;
      }
      var mx = (a[0] + b[0]) / 2 - dy / len * bend, my = (a[1] + b[1]) / 2 + dx / len * bend;
      var ex = b[0] - mx, ey = b[1] - my, elen = Math.sqrt(ex * ex + ey * ey) || 1;
      var rb = radius[e.target] + 2;
      var line = sitrep.svg("path", {
        d: "M" + a[0] + "," + a[1] + " Q" + mx + "," + my + " " + (b[0] - ex / elen * rb) + "," + (b[1] - ey / elen * rb),
        "class": "edge " + (e.kind || "event"), stroke: data.edge_types[e.type] || "#999",
        "stroke-width": Math.min(6, 1 + Math.log(1 + (e.weight || 1))),
        "marker-end": "url(#arrow-" + e.type + ")", "data-type": e.type}, eg);
      if (e.kind === "relation") { line.setAttribute("stroke-dasharray", "5 4"); }
      line.addEventListener("mousemove", function (evt) {
        sitrep.tooltip.show(evt, e.source_name + " — " + e.type.replace(/_/g, " ") + " → " + e.target_name +
          (e.weight > 1 ? " (" + e.weight + ")" : ""));
      });
      line.addEventListener("mouseleave", sitrep.tooltip.hide);
      edgeEls.push({el: line, s: e.source, t: e.target});
    });
    data.nodes.forEach(function (n) {
      var a = sitrep.svg("a", {href: n.url, "class": "node", "data-actor": n.id}, ng);
      var c = sitrep.svg("circle", {cx: pos[n.id][0], cy: pos[n.id][1], r: radius[n.id].toFixed(1),
        fill: n.color || "#4b6a8c"}, a);
      sitrep.text(a, pos[n.id][0] + radius[n.id] + 3, pos[n.id][1] + 3, n.name);
      c.addEventListener("mouseenter", function () {
        edgeEls.forEach(function (e) { e.el.style.opacity = (e.s === n.id || e.t === n.id) ? 1 : 0.08; });
      });
      c.addEventListener("mousemove", function (evt) {
        sitrep.tooltip.show(evt, n.name + " · " + n.type + " · " + n.activity + " events");
      });
      c.addEventListener("mouseleave", function () {
        sitrep.tooltip.hide(); edgeEls.forEach(function (e) { e.el.style.opacity = ""; });
      });
    });
  }

  function colourLegend() {
    Array.prototype.forEach.call(document.querySelectorAll(".edge-swatch[data-color]"), function (el) {
      el.style.background = el.getAttribute("data-color");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    colourLegend();
    var svg = document.getElementById("network-svg");
    if (!svg) { return; }
    var data = sitrep.readData(svg.getAttribute("data-source"));
    /* Lay out in the element's own shape, so labels keep their size on small graphs too. */
    W = Math.max(300, svg.clientWidth || W);
    H = Math.max(200, svg.clientHeight || H);
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    if (data && data.nodes && data.nodes.length) { draw(svg, data); }
    svg.setAttribute("data-ready", "1");
    sitrep.zoomable(svg);
  });
})();
