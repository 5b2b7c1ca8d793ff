/* sitrep web: stacked SVG bar chart of events per period and family.
   Reads {"families": [...], "buckets": [{"period": "2019-12", "counts": {"violent": 3}}], "link": "/events"}
   from the JSON block named by the container's data-source attribute. */
"use strict";
(function () {
  function drawTimeline(box) {
    var data = sitrep.readData(box.getAttribute("data-source"));
    if (!data || !data.buckets || !data.buckets.length) {
      var p = document.createElement("p"); p.className = "empty"; p.textContent = "No dated events yet.";
      box.appendChild(p); return;
    }
    var W = 900, H = 170, L = 34, R = 8, T = 10, B = 34;
    var buckets = data.buckets, families = data.families;
    var max = 1;
    buckets.forEach(function (b) {
      var s = 0; families.forEach(function (f) { s += b.counts[f] || 0; }); b.total = s; if (s > max) { max = s; }
    });
    var svg = sitrep.svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "events per period by family"}, box);
    var bw = (W - L - R) / buckets.length;
    var y = function (v) { return T + (H - T - B) * (1 - v / max); };
    var axis = sitrep.svg("g", {"class": "axis"}, svg);
    [0, Math.ceil(max / 2), max].forEach(function (v) {
      sitrep.svg("line", {x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: "#e3e7ec"}, axis);
      sitrep.text(axis, L - 4, y(v) + 3, String(v), {"text-anchor": "end"});
    });
    var every = Math.max(1, Math.ceil(buckets.length / 14));
    buckets.forEach(function (b, i) {
      var x = L + i * bw, acc = 0;
      var a = sitrep.svg("a", {href: (data.link || "/events") + "?since=" + encodeURIComponent(b.since) +
        "&until=" + encodeURIComponent(b.until)}, svg);
      a.setAttribute("class", "bar");
      families.forEach(function (f) {
        var v = b.counts[f] || 0; if (!v) { return; }
        var r = sitrep.svg("rect", {x: x + 1, width: Math.max(1, bw - 2), y: y(acc + v), height: y(acc) - y(acc + v),
          fill: sitrep.familyColor(f)}, a);
        r.addEventListener("mousemove", function (evt) { sitrep.tooltip.show(evt, b.period + " · " + f + ": " + v); });
        r.addEventListener("mouseleave", sitrep.tooltip.hide);
        acc += v;
      });
      if (i % every === 0) {
        var cx = x + bw / 2, anchor = cx < L + 24 ? "start" : cx > W - R - 24 ? "end" : "middle";
        sitrep.text(axis, anchor === "start" ? x : anchor === "end" ? x + bw : cx, H - B + 14, b.period,
          {"text-anchor": anchor});
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-source]"), drawTimeline);
  });
})();
