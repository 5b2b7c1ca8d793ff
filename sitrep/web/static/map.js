/* sitrep web: events as points over the bundled country outlines (no tile server).
   Outlines: /static/outlines.geojson (Natural Earth 110m, clipped to the Middle East).
   Points: the JSON block #map-data, {"points": [{"id", "lat", "lon", "family", "label", "url", "fatalities"}],
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

  function drawPoints(svg, points, proj) {
    var g = sitrep.svg("g", {"class": "points"}, svg);
    points.slice().sort(function (a, b) { return (b.fatalities || 0) - (a.fatalities || 0); }).forEach(function (pt) {
      if (typeof pt.lat !== "number" || typeof pt.lon !== "number") { return; }
      var xy = proj.p(pt.lon, pt.lat);
      var r = 4 + Math.min(10, Math.sqrt(pt.fatalities || 0) * 1.5);
      var a = sitrep.svg("a", {href: pt.url}, g);
      var c = sitrep.svg("circle", {cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1), "class": "pt",
        fill: sitrep.familyColor(pt.family), "data-event": pt.id}, a);
      c.addEventListener("mousemove", function (evt) { sitrep.tooltip.show(evt, pt.label); });
      c.addEventListener("mouseleave", sitrep.tooltip.hide);
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
      drawPoints(svg, data.points || [], proj);
      svg.setAttribute("data-ready", "1");
      sitrep.zoomable(svg);
    });
  });
})();
