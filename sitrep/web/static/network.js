/* sitrep web: the actor network. Layout is computed on the server (networkx spring layout);
   this draws it. Data block: {"nodes": [{"id", "name", "type", "activity", "x", "y", "url"}],
   "edges": [{"source", "target", "type", "weight"}], "edge_types": {"backed_by": "#hex", ...}}.
   Nodes are sized by activity, edges coloured by type; hovering a node fades unrelated ones and
   shows its label if there was no room for it; nodes can be dragged (their links follow). */
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

  /* The point of the SVG under a mouse event, in viewBox units. */
  function svgPoint(svg, evt) {
    var m = svg.getScreenCTM(), p = svg.createSVGPoint();
    p.x = evt.clientX; p.y = evt.clientY;
    return m ? p.matrixTransform(m.inverse()) : p;
  }

  function overlaps(a, b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  }

  /* Labels, biggest node first, each at the first of four spots (right, left, above, below
     its node) where it overlaps no label already placed and no other node; a label that
     fits nowhere is hidden until its node is hovered. */
  function placeLabels(nodes, pos, radius, labels) {
    var placed = [], circles = nodes.map(function (n) {
      var r = radius[n.id];
      return {id: n.id, x: pos[n.id][0] - r, y: pos[n.id][1] - r, width: 2 * r, height: 2 * r};
    });
    nodes.slice().sort(function (a, b) { return radius[b.id] - radius[a.id] || (a.name < b.name ? -1 : 1); })
      .forEach(function (n) {
        var t = labels[n.id], r = radius[n.id], x = pos[n.id][0], y = pos[n.id][1];
        t.classList.remove("label-hidden");
        t.setAttribute("text-anchor", "start");
        t.setAttribute("x", x + r + 3); t.setAttribute("y", y + 3);
        var box = t.getBBox(), w = box.width, h = box.height;
        var spots = [[x + r + 3, y + 3, "start"], [x - r - 3, y + 3, "end"], [x, y - r - 4, "middle"], [x, y + r + h - 1, "middle"]];
        for (var i = 0; i < spots.length; i += 1) {
          var sx = spots[i][0], sy = spots[i][1], anchor = spots[i][2];
          var left = anchor === "start" ? sx : anchor === "end" ? sx - w : sx - w / 2;
          var rect = {x: left, y: sy - h + 3, width: w, height: h};
          var clash = placed.some(function (p) { return overlaps(p, rect); }) ||
            circles.some(function (c) { return c.id !== n.id && overlaps(c, rect); });
          if (!clash) {
            t.setAttribute("x", sx); t.setAttribute("y", sy); t.setAttribute("text-anchor", anchor);
            placed.push(rect);
            return;
          }
        }
        t.setAttribute("x", x + r + 3); t.setAttribute("y", y + 3);
        t.classList.add("label-hidden");
      });
  }

  function draw(svg, data) {
    var pos = {}, radius = {}, maxAct = 1, labels = {};
    data.nodes.forEach(function (n) { if (n.activity > maxAct) { maxAct = n.activity; } });
    data.nodes.forEach(function (n) {
      pos[n.id] = [PAD + n.x * (W - 2 * PAD - 120), PAD + n.y * (H - 2 * PAD)];  /* room for labels */
      radius[n.id] = 5 + 18 * Math.sqrt((n.activity || 0) / maxAct);
    });
    arrowDefs(svg, data.edge_types);
    var eg = sitrep.svg("g", {"class": "edges"}, svg), ng = sitrep.svg("g", {"class": "nodes"}, svg);
    var edgeEls = [], seen = {}, directed = {};
    data.edges.forEach(function (e) { directed[e.source + "\u0000" + e.target] = true; });

    /* Several links between one pair bend apart: the n-th one by n * 18 px; the bend is measured
       to the left of the direction of travel, so A->B and B->A part ways. */
    function edgePath(item) {
      var e = item.e, a = pos[e.source], b = pos[e.target];
      var dx = b[0] - a[0], dy = b[1] - a[1], len = Math.sqrt(dx * dx + dy * dy) || 1;
      var mx = (a[0] + b[0]) / 2 - dy / len * item.bend, my = (a[1] + b[1]) / 2 + dx / len * item.bend;
      var ex = b[0] - mx, ey = b[1] - my, elen = Math.sqrt(ex * ex + ey * ey) || 1;
      var rb = radius[e.target] + 2;
      return "M" + a[0].toFixed(1) + "," + a[1].toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) + " " +
        (b[0] - ex / elen * rb).toFixed(1) + "," + (b[1] - ey / elen * rb).toFixed(1);
    }

    data.edges.forEach(function (e) {
      if (!pos[e.source] || !pos[e.target]) { return; }
      var pair = e.source < e.target ? e.source + "|" + e.target : e.target + "|" + e.source;
      var n = seen[pair] = (seen[pair] || 0) + 1;
      var item = {e: e, s: e.source, t: e.target, bend: (n - 1) * 18 + (directed[e.target + "\u0000" + e.source] ? 14 : 0)};
      var line = sitrep.svg("path", {
        d: edgePath(item), "class": "edge " + (e.kind || "event"), stroke: data.edge_types[e.type] || "#999",
        "stroke-width": Math.min(6, 1 + Math.log(1 + (e.weight || 1))),
        "marker-end": "url(#arrow-" + e.type + ")", "data-type": e.type}, eg);
      if (e.kind === "relation") { line.setAttribute("stroke-dasharray", "5 4"); }
      line.addEventListener("mousemove", function (evt) {
        sitrep.tooltip.show(evt, e.source_name + " — " + e.type.replace(/_/g, " ") + " → " + e.target_name +
          (e.weight > 1 ? " (" + e.weight + ")" : ""));
      });
      line.addEventListener("mouseleave", sitrep.tooltip.hide);
      item.el = line;
      edgeEls.push(item);
    });

    /* Dragging a node moves it and its links; a drag never follows the node's link. */
    var drag = null;
    window.addEventListener("mousemove", function (evt) {
      if (!drag) { return; }
      var p = svgPoint(svg, evt), n = drag.node;
      if (!drag.moved && Math.abs(evt.clientX - drag.cx) + Math.abs(evt.clientY - drag.cy) < 4) { return; }
      drag.moved = true;
      drag.a.classList.add("dragging");
      sitrep.tooltip.hide();
      pos[n.id] = [p.x - drag.off[0], p.y - drag.off[1]];
      drag.circle.setAttribute("cx", pos[n.id][0].toFixed(1));
      drag.circle.setAttribute("cy", pos[n.id][1].toFixed(1));
      labels[n.id].setAttribute("x", pos[n.id][0] + radius[n.id] + 3);
      labels[n.id].setAttribute("y", pos[n.id][1] + 3);
      labels[n.id].setAttribute("text-anchor", "start");
      edgeEls.forEach(function (item) { if (item.s === n.id || item.t === n.id) { item.el.setAttribute("d", edgePath(item)); } });
    });
    window.addEventListener("mouseup", function () {
      if (!drag) { return; }
      var done = drag;
      drag = null;
      done.a.classList.remove("dragging");
      if (done.moved) {
        done.a.setAttribute("data-dragged", "1");
        placeLabels(data.nodes, pos, radius, labels);
      }
    });

    data.nodes.forEach(function (n) {
      var a = sitrep.svg("a", {href: n.url, "class": "node", "data-actor": n.id}, ng);
      var c = sitrep.svg("circle", {cx: pos[n.id][0].toFixed(1), cy: pos[n.id][1].toFixed(1), r: radius[n.id].toFixed(1),
        fill: n.color || "#4b6a8c"}, a);
      labels[n.id] = sitrep.text(a, pos[n.id][0] + radius[n.id] + 3, pos[n.id][1] + 3, n.name, {"class": "node-label"});
      c.addEventListener("mousedown", function (evt) {
        if (evt.button !== 0) { return; }
        evt.preventDefault();
        evt.stopPropagation();  /* not a pan of the whole drawing */
        var p = svgPoint(svg, evt);
        drag = {node: n, a: a, circle: c, cx: evt.clientX, cy: evt.clientY, moved: false,
                off: [p.x - pos[n.id][0], p.y - pos[n.id][1]]};
      });
      a.addEventListener("click", function (evt) {
        if (a.getAttribute("data-dragged")) { evt.preventDefault(); a.removeAttribute("data-dragged"); }
      });
      c.addEventListener("mouseenter", function () {
        if (drag) { return; }
        a.classList.add("hover");
        edgeEls.forEach(function (e) { e.el.style.opacity = (e.s === n.id || e.t === n.id) ? 1 : 0.08; });
      });
      c.addEventListener("mousemove", function (evt) {
        if (drag) { return; }
        sitrep.tooltip.show(evt, n.name + " · " + n.type + " · " + n.activity + " events");
      });
      c.addEventListener("mouseleave", function () {
        a.classList.remove("hover");
        sitrep.tooltip.hide(); edgeEls.forEach(function (e) { e.el.style.opacity = ""; });
      });
    });
    placeLabels(data.nodes, pos, radius, labels);
  }

  sitrep.network = {placeLabels: placeLabels};  /* for the browser tests */

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
