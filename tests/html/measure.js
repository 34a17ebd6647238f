// Injected by tests/html.sh into a copy of a report, after
//   var KJ_MARGINS = {"c1": 624, ...};   (from `check --format json`)
// Measures the page as Chromium lays it out and writes what it finds on
// <body>, for --dump-dom:
//   data-overlaps    pairs of texts in one chart or map whose boxes overlap
//   data-offchart    texts that run past their svg's edges
//   data-unfocused   conflict articles without a focus chart
//   data-unscaled    focus charts whose margin bar is not the conflict's
//                    margin (from the JSON) on the chart's own time axis
//   data-unlinked    focus charts of conflicts that rest on a fact, a
//                    register or a trace point, with no link drawn
//   data-traces      per trace row of the overview: id=joined/points
//   data-paths       per trace on the main map: id=joined/points
//   data-under       map items in no conflict drawn after one in a conflict
//   data-outside     trace dots drawn outside their chart's time axis
//   data-misplaced   focus charts whose margin bar starts after the end of
//                    the window the conflict's claim allows
//   data-examples    the first offenders, for the failure message
(function () {
  'use strict';
  var overlaps = 0, off = 0, examples = [];
  function note(s) { if (examples.length < 8) examples.push(s); }
  document.querySelectorAll('svg.chart, svg.map').forEach(function (svg) {
    var vb = svg.viewBox.baseVal, boxes = [];
    svg.querySelectorAll('text').forEach(function (t) {
      if (!t.getClientRects().length || !t.textContent) return;
      var b = t.getBBox();
      if (b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5) { off++; note(svg.id + ' off: ' + t.textContent); }
      boxes.push({b: b, t: t.textContent});
    });
    for (var i = 0; i < boxes.length; i++)
      for (var j = i + 1; j < boxes.length; j++) {
        var a = boxes[i].b, c = boxes[j].b;
        if (a.x + 0.5 < c.x + c.width && c.x + 0.5 < a.x + a.width && a.y + 0.5 < c.y + c.height && c.y + 0.5 < a.y + a.height) {
          overlaps++;
          note(svg.id + ': ' + boxes[i].t + ' / ' + boxes[j].t);
        }
      }
  });
  var unfocused = 0, unscaled = 0, unlinked = 0, misplaced = 0, outside = 0;
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    var x0 = +svg.getAttribute('data-x0'), x1 = +svg.getAttribute('data-x1');
    svg.querySelectorAll('g.trace g.point circle').forEach(function (dot) {
      var cx = dot.cx.baseVal.value;
      if (cx < x0 - 0.5 || cx > x1 + 0.5) { outside++; note(svg.id + ': a dot at x ' + cx); }
    });
  });
  document.querySelectorAll('article.conflict').forEach(function (art) {
    var svg = art.querySelector('svg.chart');
    if (!svg) { unfocused++; note('no focus: ' + art.id); return; }
    var bar = svg.querySelector('g.margin-bar rect');
    var m = (typeof KJ_MARGINS !== 'undefined') ? KJ_MARGINS[art.id] : undefined;
    if (bar && m !== undefined) {
      var t0 = +svg.getAttribute('data-t0'), t1 = +svg.getAttribute('data-t1');
      var x0 = +svg.getAttribute('data-x0'), x1 = +svg.getAttribute('data-x1');
      var want = m * (x1 - x0) / (t1 - t0), got = bar.width.baseVal.value;
      var cut = bar.parentNode.classList.contains('cut');
      var right = bar.x.baseVal.value + got;
      if (cut ? !(want > got && right >= x1) : Math.abs(want - got) > 0.2 && !(want < 1 && got === 1)) {
        unscaled++;
        note(art.id + ' bar ' + got + ' want ' + want);
      }
    } else if (m !== undefined) {
      unscaled++;
      note(art.id + ': no margin bar');
    }
    var code = art.querySelector('h3 code');
    var claim = code ? svg.querySelector('g.claim[data-stmt="' + code.textContent + '"] .window') : null;
    if (bar && claim) {
      var wb = claim.getBBox();
      if (bar.x.baseVal.value > wb.x + wb.width + 0.5) { misplaced++; note(art.id + ': bar after the window'); }
    }
    var rests = art.querySelectorAll('ul.stmts .role');
    var needs = false;
    rests.forEach(function (r) { if (/^(fact|register|register entry)$/.test(r.textContent)) needs = true; });
    if (needs && !svg.querySelector('line.link.shown')) { unlinked++; note(art.id + ': no link'); }
  });
  function joined(sel) {
    var seen = {}, order = [];
    document.querySelectorAll(sel).forEach(function (g) {
      var id = g.getAttribute('data-stmt');
      if (!(id in seen)) { seen[id] = [0, 0]; order.push(id); }
      var line = g.querySelector('polyline');
      if (line) seen[id][0] += line.points.numberOfItems;
      seen[id][1] += g.querySelectorAll('g.point').length;
    });
    return order.map(function (id) { return id + '=' + seen[id][0] + '/' + seen[id][1]; }).join(' ');
  }
  var under = 0;
  ['.map-place', '.journey', '.trace-path .point'].forEach(function (sel) {
    var lit = false;
    document.querySelectorAll('#map-svg ' + sel).forEach(function (el) {
      if (el.classList.contains('conflicted')) lit = true;
      else if (lit) { under++; note('under: ' + (el.getAttribute('data-stmt') || sel)); }
    });
  });
  var b = document.body;
  b.setAttribute('data-overlaps', String(overlaps));
  b.setAttribute('data-offchart', String(off));
  b.setAttribute('data-unfocused', String(unfocused));
  b.setAttribute('data-unscaled', String(unscaled));
  b.setAttribute('data-unlinked', String(unlinked));
  b.setAttribute('data-traces', joined('#chart-svg g.trace'));
  b.setAttribute('data-paths', joined('#map-svg g.trace-path'));
  b.setAttribute('data-under', String(under));
  b.setAttribute('data-outside', String(outside));
  b.setAttribute('data-misplaced', String(misplaced));
  b.setAttribute('data-examples', examples.join(' | '));
})();
