/* sitrep web: shared helpers. Data comes from <script type="application/json"> blocks
   (never executed) or from the page's JSON twin; all text is set with textContent. */
"use strict";
var sitrep = window.sitrep || {};
window.sitrep = sitrep;

sitrep.NS = "http://www.w3.org/2000/svg";
sitrep.FAMILY_COLORS = {
  violence: "#b23a2e", unrest: "#c7821b", coercion: "#5b4aa8", posture: "#2f7f86",
  verbal: "#3c7fb8", cooperation: "#3a8a55", other: "#7a8594"
};

sitrep.readData = function (id) {
  var el = document.getElementById(id);
  if (!el) { return null; }
  try { return JSON.parse(el.textContent); } catch (e) { return null; }
};

sitrep.svg = function (tag, attrs, parent) {
  var el = document.createElementNS(sitrep.NS, tag);
  Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
  if (parent) { parent.appendChild(el); }
  return el;
};

sitrep.text = function (parent, x, y, str, attrs) {
  var t = sitrep.svg("text", Object.assign({x: x, y: y}, attrs || {}), parent);
  t.textContent = str;
  return t;
};

sitrep.tooltip = (function () {
  var tip = null;
  function el() {
    if (!tip) { tip = document.createElement("div"); tip.className = "tooltip"; document.body.appendChild(tip); }
    return tip;
  }
  return {
    show: function (evt, str) { var t = el(); t.textContent = str; t.style.display = "block";
      t.style.left = (evt.clientX + 12) + "px"; t.style.top = (evt.clientY + 12) + "px"; },
    hide: function () { if (tip) { tip.style.display = "none"; } }
  };
})();

sitrep.familyColor = function (family) { return sitrep.FAMILY_COLORS[family] || sitrep.FAMILY_COLORS.other; };

/* Wheel zoom and drag pan on an SVG by rewriting its viewBox. */
sitrep.zoomable = function (svgEl) {
  var vb = svgEl.getAttribute("viewBox").split(/\s+/).map(Number);
  var start = null;
  function set() { svgEl.setAttribute("viewBox", vb.join(" ")); }
  function toSvg(evt) {
    var r = svgEl.getBoundingClientRect();
    return [vb[0] + (evt.clientX - r.left) / r.width * vb[2], vb[1] + (evt.clientY - r.top) / r.height * vb[3]];
  }
  svgEl.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var p = toSvg(evt), k = evt.deltaY < 0 ? 0.8 : 1.25;
    vb = [p[0] - (p[0] - vb[0]) * k, p[1] - (p[1] - vb[1]) * k, vb[2] * k, vb[3] * k];
    set();
  }, {passive: false});
  svgEl.addEventListener("mousedown", function (evt) { start = [evt.clientX, evt.clientY, vb[0], vb[1]]; });
  window.addEventListener("mouseup", function () { start = null; });
  window.addEventListener("mousemove", function (evt) {
    if (!start) { return; }
    var r = svgEl.getBoundingClientRect();
    vb[0] = start[2] - (evt.clientX - start[0]) / r.width * vb[2];
    vb[1] = start[3] - (evt.clientY - start[1]) / r.height * vb[3];
    set();
  });
};

/* Confirmation for buttons that carry data-confirm (no inline handlers: CSP forbids them). */
document.addEventListener("submit", function (evt) {
  var msg = evt.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) { evt.preventDefault(); }
});

/* A job page that is still running reloads itself until the job is done. */
document.addEventListener("DOMContentLoaded", function () {
  var job = document.querySelector("[data-job-running]");
  if (job) { window.setTimeout(function () { window.location.reload(); }, 1500); }
});

/* Long article texts open scrolled to their first highlighted evidence. */
document.addEventListener("DOMContentLoaded", function () {
  Array.prototype.forEach.call(document.querySelectorAll(".article-text"), function (box) {
    var mark = box.querySelector("mark.evidence");
    if (mark && box.scrollHeight > box.clientHeight) {
      box.scrollTop = Math.max(0, mark.offsetTop - 48);  /* .article-text is position: relative */
    }
  });
});

/* What the user typed in a write form (form[data-keep]) survives a refused submit: it is kept
   in this tab's sessionStorage on submit and put back when the form's page is shown again
   (the error page's "Back to the form" button, or the browser's back). Tokens, CSRF values
   and files are never kept. A page that reports success (a flash, a job page) forgets drafts;
   a draft older than an hour is dropped. */
sitrep.drafts = (function () {
  var PREFIX = "sitrep-draft:", MAX_AGE = 3600 * 1000;
  function store() { try { return window.sessionStorage; } catch (e) { return null; } }
  function key(form) { return PREFIX + window.location.pathname + "#" + (form.id || form.getAttribute("action")); }
  function kept(el) {
    var type = (el.type || "").toLowerCase();
    return el.name && el.name !== "csrf" && el.name !== "token" && ["password", "file", "hidden", "submit", "button"].indexOf(type) < 0;
  }
  function save(form) {
    var s = store(), values = {};
    if (!s) { return; }
    Array.prototype.forEach.call(form.elements, function (el) { if (kept(el)) { values[el.name] = el.value; } });
    try { s.setItem(key(form), JSON.stringify({t: Date.now(), v: values})); } catch (e) { /* storage full: nothing kept */ }
  }
  function restore(form) {
    var s = store(), raw = s && s.getItem(key(form)), draft = null;
    if (!raw) { return false; }
    s.removeItem(key(form));
    try { draft = JSON.parse(raw); } catch (e) { return false; }
    if (!draft || !draft.v || Date.now() - (draft.t || 0) > MAX_AGE) { return false; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (kept(el) && Object.prototype.hasOwnProperty.call(draft.v, el.name)) { el.value = draft.v[el.name]; }
    });
    var note = document.createElement("p");
    note.className = "draft-note";
    note.textContent = "Restored what you typed before the last submit was refused.";
    form.insertBefore(note, form.firstChild);
    form.setAttribute("data-restored", "1");
    return true;
  }
  function forgetAll() {
    var s = store();
    if (!s) { return; }
    for (var i = s.length - 1; i >= 0; i -= 1) {
      var k = s.key(i);
      if (k && k.indexOf(PREFIX) === 0) { s.removeItem(k); }
    }
  }
  return {save: save, restore: restore, forgetAll: forgetAll};
})();

document.addEventListener("submit", function (evt) {
  var form = evt.target;
  if (!evt.defaultPrevented && form.hasAttribute && form.hasAttribute("data-keep")) { sitrep.drafts.save(form); }
});

document.addEventListener("DOMContentLoaded", function () {
  var page = document.body.getAttribute("data-page");
  if (document.querySelector("#flash.ok") || page === "job") { sitrep.drafts.forgetAll(); return; }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-keep]"), sitrep.drafts.restore);
});

/* The error page's "Back to the form" button (no inline handlers: CSP forbids them). */
document.addEventListener("click", function (evt) {
  var el = evt.target.closest ? evt.target.closest("[data-back]") : null;
  if (el) { evt.preventDefault(); window.history.back(); }
});
