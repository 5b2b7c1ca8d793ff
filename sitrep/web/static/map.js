/* sitrep web: events as points over the bundled country outlines (no tile server).
   Outlines: /static/outlines.geojson (Natural Earth 110m, clipped to the Middle East).
   Points: the JSON block #map-data, {"points": [{"id", "lat", "lon", "family", "label", "url", "fatalities",
   "date_start", "date_end", "at", "stack"}],
   "theatre": ["IQ", ...]}. Projection: equirectangular, x scaled by cos(latitude of the box centre). */
"use strict";
(function () {
  var W = 1000;

  function projector(bbox) {
    var west = bbox[0], south = bbox[1], east = bbox[2], north = bbox[3];
    var k = Math.cos((south + north) / 2 * Math.PI / 180);
    var sx = W / ((east - west) * k), H = (north - south) * sx;
    return {H: H, p: function (lon, lat) { return [(lon - west) * k * sx, (north - lat) * sx]; }};
  }

  /* Open on the theatre (Syria, Iraq, Iran and the Gulf), widened to the element's shape;
     the rest of the bundled outlines is a scroll or a drag away. */
  var FOCUS = [33.0, 24.0, 63.5, 41.5];  /* west, south, east, north */

  function initialView(svg, proj) {
    var p0 = proj.p(FOCUS[0], FOCUS[3]), p1 = proj.p(FOCUS[2], FOCUS[1]);
    var x = p0[0], y = p0[1], w = p1[0] - p0[0], h = p1[1] - p0[1];
    var aspect = (svg.clientWidth || 1000) / (svg.clientHeight || 620);
    if (w / h < aspect) { x -= (h * aspect - w) / 2; w = h * aspect; }
    else { y -= (w / aspect - h) / 2; h = w / aspect; }
    return [x, y, w, h].map(function (v) { return v.toFixed(1); });
  }

  function ringPath(ring, proj) {
    return ring.map(function (c, i) {
      var xy = proj.p(c[0], c[1]); return (i ? "L" : "M") + xy[0].toFixed(1) + "," + xy[1].toFixed(1);
    }).join("") + "Z";
  }

  function drawCountries(svg, geo, proj, theatre) {
    var g = sitrep.svg("g", {"class": "countries"}, svg), labels = sitrep.svg("g", {}, svg);
    geo.features.forEach(function (f) {
      var d = "", sumX = 0, sumY = 0, n = 0;
      f.geometry.coordinates.forEach(function (poly) {
        poly.forEach(function (ring) { d += ringPath(ring, proj); });
        poly[0].forEach(function (c) { var xy = proj.p(c[0], c[1]); sumX += xy[0]; sumY += xy[1]; n += 1; });
      });
      var iso = f.properties.iso2 || "";
      var path = sitrep.svg("path", {d: d, "class": "country" + (theatre.indexOf(iso) >= 0 ? " theatre" : ""),
        "data-iso": iso}, g);
      path.addEventListener("mousemove", function (evt) { sitrep.tooltip.show(evt, f.properties.name); });
      path.addEventListener("mouseleave", sitrep.tooltip.hide);
      if (n > 30 || theatre.indexOf(iso) >= 0) { sitrep.text(labels, sumX / n, sumY / n, f.properties.name, {"class": "country-label"}); }
    });
  }

  /* Points that share a place (the server's "at" key) are drawn as one marker with their count;
     hovering it lists them, clicking it spreads them on a ring, each a link to its event. */
  var MAX_LISTED = 8;

  function pointRadius(fatalities) { return 4 + Math.min(10, Math.sqrt(fatalities || 0) * 1.5); }

  function pointMark(parent, pt, x, y, extraClass) {
    var a = sitrep.svg("a", {href: pt.url}, parent);
    var c = sitrep.svg("circle", {cx: x.toFixed(1), cy: y.toFixed(1), r: pointRadius(pt.fatalities).toFixed(1),
      "class": "pt" + (extraClass || ""), fill: sitrep.familyColor(pt.family), "data-event": pt.id}, a);
    c.addEventListener("mousemove", function (evt) { sitrep.tooltip.show(evt, pt.label); });
    c.addEventListener("mouseleave", sitrep.tooltip.hide);
    return c;
  }

  function groupList(members) {
    var lines = members.slice(0, MAX_LISTED).map(function (pt) { return "• " + pt.label; });
    if (members.length > MAX_LISTED) { lines.push("… and " + (members.length - MAX_LISTED) + " more"); }
    return members.length + " events here (click to spread):\n" + lines.join("\n");
  }

  function spread(g, members, x, y) {
    var ring = sitrep.svg("g", {"class": "spread"}, g);
    var radius = 14 + members.length * 2.2;
    sitrep.svg("circle", {cx: x.toFixed(1), cy: y.toFixed(1), r: radius.toFixed(1), "class": "spread-ring"}, ring);
    members.forEach(function (pt, i) {
      var angle = 2 * Math.PI * i / members.length - Math.PI / 2;
      var px = x + radius * Math.cos(angle), py = y + radius * Math.sin(angle);
      sitrep.svg("line", {x1: x.toFixed(1), y1: y.toFixed(1), x2: px.toFixed(1), y2: py.toFixed(1), "class": "spread-leg"}, ring);
      pointMark(ring, pt, px, py, " spread-pt");
    });
    g.setAttribute("data-spread", "1");
    return ring;
  }

  function drawGroup(g, members, proj) {
    var xy = proj.p(members[0].lon, members[0].lat);
    if (members.length === 1) { pointMark(g, members[0], xy[0], xy[1]); return; }
    var fat = 0;
    members.forEach(function (pt) { fat += pt.fatalities || 0; });
    var cg = sitrep.svg("g", {"class": "cluster", "data-count": members.length, "data-at": members[0].at || ""}, g);
    var c = sitrep.svg("circle", {cx: xy[0].toFixed(1), cy: xy[1].toFixed(1),
      r: (pointRadius(fat) + 3).toFixed(1), "class": "pt cluster-pt", fill: sitrep.familyColor(members[0].family)}, cg);
    sitrep.text(cg, xy[0], xy[1] + 3.5, String(members.length), {"class": "cluster-count"});
    var ring = null;
    c.addEventListener("mousemove", function (evt) { sitrep.tooltip.show(evt, groupList(members)); });
    c.addEventListener("mouseleave", sitrep.tooltip.hide);
    c.addEventListener("click", function () {
      sitrep.tooltip.hide();
      if (ring) { ring.remove(); ring = null; cg.removeAttribute("data-spread"); }
      else { ring = spread(cg, members, xy[0], xy[1]); }
    });
    cg.spreadOut = function () { if (!ring) { ring = spread(cg, members, xy[0], xy[1]); } };
  }

  function drawPoints(g, points, proj) {
    while (g.firstChild) { g.removeChild(g.firstChild); }
    var groups = {}, order = [];
    points.forEach(function (pt) {
      if (typeof pt.lat !== "number" || typeof pt.lon !== "number") { return; }
      var key = pt.at || (pt.lat.toFixed(3) + "," + pt.lon.toFixed(3));
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(pt);
    });
    /* Big markers first, so small ones stay on top and can be hovered. */
    order.sort(function (a, b) { return groups[b].length - groups[a].length; });
    order.forEach(function (key) { drawGroup(g, groups[key], proj); });
  }

  /* The date slider: two handles over the days on which the points fall. Undated points stay shown. */
  function days(points) {
    var seen = {};
    points.forEach(function (pt) { if (pt.date_start) { seen[pt.date_start] = 1; } });
    return Object.keys(seen).sort();
  }

  function inRange(pt, lo, hi) {
    if (!pt.date_start) { return true; }
    return pt.date_start <= hi && (pt.date_end || pt.date_start) >= lo;
  }

  function slider(points, redraw) {
    var box = document.getElementById("map-slider"), list = days(points);
    if (!box || list.length < 2) { return; }
    var from = document.getElementById("map-from"), to = document.getElementById("map-to");
    var label = document.getElementById("map-range");
    from.max = to.max = String(list.length - 1);
    from.value = "0"; to.value = String(list.length - 1);
    function update(evt) {
      var lo = Number(from.value), hi = Number(to.value);
      if (lo > hi) { if (evt && evt.target === from) { to.value = String(lo); hi = lo; } else { from.value = String(hi); lo = hi; } }
      var shown = points.filter(function (pt) { return inRange(pt, list[lo], list[hi]); });
      label.textContent = list[lo] + " – " + list[hi] + " · " + shown.length + " of " + points.length + " shown";
      redraw(shown);
    }
    from.addEventListener("input", update);
    to.addEventListener("input", update);
    box.hidden = false;
    update();
  }

  /* /map#event=ID: centre on that event's point, spread its group and ring the point. */
  function focusEvent(svg, g, points, proj) {
    var m = /^#event=(.+)$/.exec(window.location.hash || "");
    if (!m) { return; }
    var id = decodeURIComponent(m[1]), pt = null;
    points.forEach(function (p) { if (p.id === id) { pt = p; } });
    if (!pt) { return; }
    Array.prototype.forEach.call(g.querySelectorAll(".cluster"), function (cg) {
      if (cg.getAttribute("data-at") === (pt.at || "") && cg.spreadOut) { cg.spreadOut(); }
    });
    var xy = proj.p(pt.lon, pt.lat), w = 160, h = 160 * ((svg.clientHeight || 620) / (svg.clientWidth || 1000));
    svg.setAttribute("viewBox", [(xy[0] - w / 2), (xy[1] - h / 2), w, h].map(function (v) { return v.toFixed(1); }).join(" "));
    Array.prototype.forEach.call(g.querySelectorAll("circle.pt[data-event]"), function (c) {
      if (c.getAttribute("data-event") === id) { c.classList.add("focus"); svg.setAttribute("data-focus", id); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var svg = document.getElementById("map-svg");
    if (!svg) { return; }
    var data = sitrep.readData("map-data") || {points: [], theatre: []};
    fetch(svg.getAttribute("data-outlines")).then(function (r) { return r.json(); }).then(function (geo) {
      var proj = projector(geo.bbox);
      svg.setAttribute("viewBox", initialView(svg, proj).join(" "));
      drawCountries(svg, geo, proj, data.theatre || []);
      var points = data.points || [], g = sitrep.svg("g", {"class": "points"}, svg);
      drawPoints(g, points, proj);
      slider(points, function (shown) { drawPoints(g, shown, proj); });
      focusEvent(svg, g, points, proj);
      svg.setAttribute("data-ready", "1");
      sitrep.zoomable(svg);
    });
  });
})();
