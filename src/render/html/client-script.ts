/**
 * The HTML report's script: plain browser JavaScript (no build step, no library), inlined in one
 * `<script>` element that the page's Content-Security-Policy allows by its hash. It reads the
 * embedded JSON (report-data.ts) and builds the failures, the test list, the flaky and slowest
 * tests and the coverage table. Every untrusted text goes through textContent (or a property
 * such as `title`); links are built from the report's own GitHub URL and encoded paths.
 *
 * The test list and the coverage table are virtual: a spacer as tall as all rows, and only the
 * rows on screen (plus a few) exist, each ROW_HEIGHT_PX high, reused while scrolling.
 *
 * Written as text in a template literal: no backticks below, and no interpolation but the row
 * height.
 */
import { ROW_HEIGHT_PX } from './styles.js';

export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var ROW = ${ROW_HEIGHT_PX};
  var PAGE = 50;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var T = data.tests;
  var N = T.name.length;
  var STATUS = { p: 'passed', f: 'failed', e: 'errored', s: 'skipped' };
  var LABEL = { p: 'passed', f: 'failed', e: 'error', s: 'skipped' };
  var details = pairs(data.details);
  var output = pairs(data.output);
  var attempts = pairs(data.attempts);
  var leftOut = new Set(data.textsLeftOut);
  var flakySet = new Uint8Array(N);
  data.flaky.forEach(function (i) { flakySet[i] = 1; });

  function pairs(list) {
    var map = new Map();
    for (var k = 0; k < list.length; k++) map.set(list[k][0], list[k][1]);
    return map;
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent) {
    for (var k = 1; k < arguments.length; k++) if (arguments[k]) parent.appendChild(arguments[k]);
    return parent;
  }
  function count(n) { return Number(n).toLocaleString('en-US'); }
  function plural(n, noun) { return count(n) + ' ' + noun + (n === 1 ? '' : 's'); }
  function duration(ms) {
    if (ms < 1000) return Math.round(ms) + 'ms';
    if (ms < 60000) return Number((ms / 1000).toFixed(1)) + 's';
    var s = Math.round(ms / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return [h ? h + 'h' : '', m ? m + 'm' : '', s % 60 ? (s % 60) + 's' : ''].filter(Boolean).join(' ');
  }
  function percent(pair) {
    return pair && pair[1] > 0 ? (100 * pair[0]) / pair[1] : -1;
  }
  function percentText(p) { return p < 0 ? 'n/a' : (Math.floor(p * 100) / 100).toFixed(2) + '%'; }
  function bar(p) {
    var outer = el('span', 'bar' + (p < 50 ? ' low' : p < 80 ? ' mid' : ''));
    var inner = el('span');
    inner.style.width = Math.max(0, p) + '%';
    return add(outer, inner);
  }

  function code(i) { return T.status.charAt(i); }
  function suiteOf(i) { return data.suites[T.suite[i]]; }
  function titleOf(i) {
    var suite = suiteOf(i), name = T.name[i];
    var title = suite ? suite + ' \u203a ' + name : name;
    return title.trim() ? title : '(unnamed test)';
  }
  function whereOf(i) {
    var f = T.file[i];
    if (f < 0) return '';
    return data.files[f] + (T.line[i] ? ':' + T.line[i] : '');
  }
  function messageOf(i) { return T.message[i] < 0 ? '' : data.messages[T.message[i]]; }
  function badge(c, flaky) {
    return el('span', 'badge ' + (flaky ? 'flaky' : STATUS[c]), flaky ? 'flaky' : LABEL[c]);
  }
  /** The test's file and line, linked to GitHub where the report's commit is known. */
  function location(i) {
    var where = whereOf(i);
    if (!where) return null;
    var link = data.blobUrl && data.fileLinks[T.file[i]];
    if (!link) return el('span', 'where', where);
    var a = el('a', 'where', where);
    a.href = data.blobUrl + link + (T.line[i] ? '#L' + T.line[i] : '');
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  function block(summary, text, open) {
    if (!text) return null;
    var d = el('details');
    d.open = !!open;
    return add(d, el('summary', null, summary), el('pre', null, text));
  }
  function leftOutNote(i) {
    return leftOut.has(i)
      ? el('p', 'muted', 'Part of this test\u2019s stack trace or output was left out to keep the file small; report.json has all of it.')
      : null;
  }
  function attemptsText(i) {
    var list = attempts.get(i);
    return list ? plural(list.length + 1, 'attempt') : '';
  }

  /** A list shown a page at a time, with a button for the next page. */
  function paged(host, button, total, render) {
    var shown = 0;
    function next() {
      var end = Math.min(total, shown + PAGE);
      var fragment = document.createDocumentFragment();
      for (; shown < end; shown++) fragment.appendChild(render(shown));
      host.appendChild(fragment);
      button.hidden = shown >= total;
      button.textContent = 'Show ' + count(Math.min(PAGE, total - shown)) + ' more (' + count(total - shown) + ' left)';
    }
    button.addEventListener('click', next);
    next();
  }

  // Failures: message, stack trace and output, a page at a time.
  function failureCard(i) {
    var c = code(i);
    var card = el('article', 'failure ' + STATUS[c]);
    card.id = 'failure-' + i;
    add(card, add(el('h3'), badge(c), el('span', 'title', titleOf(i))));
    add(card, add(el('p', 'meta'), location(i), el('span', null, duration(T.ms[i])),
      attemptsText(i) ? el('span', null, attemptsText(i)) : null));
    add(card, el('pre', 'message', messageOf(i) || '(no message)'));
    add(card, block('Stack trace', details.get(i), true), block('Output', output.get(i), i < 10));
    add(card, leftOutNote(i));
    return card;
  }
  if ($('failure-list')) paged($('failure-list'), $('failures-more'), data.failures, failureCard);

  // A virtual list: only the rows on screen exist, reused while scrolling.
  function virtualList(viewport, render) {
    var spacer = el('div', 'spacer');
    viewport.appendChild(spacer);
    var pool = [];
    var total = 0;
    var pending = false;
    function draw() {
      pending = false;
      var top = viewport.scrollTop;
      var height = viewport.clientHeight || 600;
      var first = Math.max(0, Math.floor(top / ROW) - 8);
      var last = Math.min(total, Math.ceil((top + height) / ROW) + 8);
      var n = Math.max(0, last - first);
      while (pool.length < n) {
        var row = el('div', 'vrow');
        row.tabIndex = 0;
        row.setAttribute('role', 'row');
        spacer.appendChild(row);
        pool.push(row);
      }
      for (var k = 0; k < pool.length; k++) {
        var r = pool[k];
        if (k < n) {
          r.hidden = false;
          r.style.transform = 'translateY(' + (first + k) * ROW + 'px)';
          r.dataset.row = String(first + k);
          render(r, first + k);
        } else {
          r.hidden = true;
          r.removeAttribute('data-row');
        }
      }
    }
    viewport.addEventListener('scroll', function () {
      if (!pending) { pending = true; requestAnimationFrame(draw); }
    });
    return {
      set: function (n) {
        total = n;
        spacer.style.height = n * ROW + 'px';
        draw();
      },
      draw: draw,
      top: function () { viewport.scrollTop = 0; },
    };
  }
  function rowOf(event) {
    var node = event.target;
    while (node && node !== event.currentTarget) {
      if (node.dataset && node.dataset.row !== undefined) return Number(node.dataset.row);
      node = node.parentNode;
    }
    return -1;
  }

  // All tests: filter, search, sort, group.
  var state = { filter: 'all', query: '', sort: 'default', group: 'none' };
  var collapsed = new Set();
  var orders = {};
  var lower = null;
  var rows = new Int32Array(0);
  var groups = [];
  var selected = -1;
  var testList = virtualList($('tests-viewport'), renderTestRow);

  function matchesFilter(i) {
    var c = code(i);
    switch (state.filter) {
      case 'failed': return c === 'f' || c === 'e';
      case 'passed': return c === 'p';
      case 'skipped': return c === 's';
      case 'flaky': return flakySet[i] === 1;
      default: return true;
    }
  }
  function haystack() {
    if (!lower) {
      lower = new Array(N);
      for (var i = 0; i < N; i++) lower[i] = (suiteOf(i) + ' \u203a ' + T.name[i]).toLowerCase();
    }
    return lower;
  }
  function order(kind) {
    if (kind === 'default') return null;
    if (orders[kind]) return orders[kind];
    var ms = T.ms;
    var list = new Array(N);
    for (var i = 0; i < N; i++) list[i] = i;
    if (kind === 'slowest') list.sort(function (a, b) { return ms[b] - ms[a] || a - b; });
    else if (kind === 'fastest') list.sort(function (a, b) { return ms[a] - ms[b] || a - b; });
    else {
      var names = T.name.map(function (n) { return n.toLowerCase(); });
      list.sort(function (a, b) {
        var x = names[a], y = names[b];
        return x < y ? -1 : x > y ? 1 : T.suite[a] - T.suite[b] || a - b;
      });
    }
    return (orders[kind] = Int32Array.from(list));
  }
  function update(keepScroll) {
    var ord = order(state.sort);
    var query = state.query.trim().toLowerCase();
    var hay = query ? haystack() : null;
    var matched = new Int32Array(N);
    var n = 0;
    for (var k = 0; k < N; k++) {
      var i = ord ? ord[k] : k;
      if (!matchesFilter(i)) continue;
      if (hay && hay[i].indexOf(query) < 0) continue;
      matched[n++] = i;
    }
    matched = matched.subarray(0, n);
    rows = state.group === 'none' ? matched : grouped(matched);
    var label = $('tests-count');
    label.dataset.shown = String(n);
    label.textContent = 'Showing ' + count(n) + ' of ' + plural(N, 'test') +
      (state.group === 'none' ? '' : ' in ' + plural(groups.length, 'group'));
    if (!keepScroll) testList.top();
    testList.set(rows.length);
  }
  function grouped(matched) {
    var bySuite = state.group === 'suite';
    var column = bySuite ? T.suite : T.file;
    var index = new Map();
    var members = [];
    groups = [];
    for (var k = 0; k < matched.length; k++) {
      var i = matched[k];
      var key = column[i];
      var g = index.get(key);
      if (g === undefined) {
        g = groups.length;
        index.set(key, g);
        var label = key < 0 ? '(no file)' : (bySuite ? data.suites : data.files)[key] || '(no suite)';
        groups.push({ key: state.group + ':' + key, label: label, count: 0, failed: 0, ms: 0 });
        members.push([]);
      }
      var group = groups[g];
      group.count++;
      group.ms += T.ms[i];
      var c = code(i);
      if (c === 'f' || c === 'e') group.failed++;
      members[g].push(i);
    }
    var total = groups.length;
    for (g = 0; g < groups.length; g++) if (!collapsed.has(groups[g].key)) total += members[g].length;
    var out = new Int32Array(total);
    var at = 0;
    for (g = 0; g < groups.length; g++) {
      out[at++] = -(g + 1);
      if (collapsed.has(groups[g].key)) continue;
      out.set(members[g], at);
      at += members[g].length;
    }
    return out;
  }
  function renderTestRow(row, r) {
    var v = rows[r];
    row.textContent = '';
    if (v < 0) {
      var group = groups[-v - 1];
      var closed = collapsed.has(group.key);
      row.className = 'vrow group';
      row.setAttribute('aria-expanded', String(!closed));
      row.title = group.label;
      add(row, el('span', 'toggle', closed ? '\u25b8' : '\u25be'), el('span', 'name', group.label),
        el('span', 'cnt' + (group.failed ? ' bad' : ''), group.failed ? count(group.failed) + ' failed' : ''),
        el('span', 'cnt', plural(group.count, 'test')), el('span', 'ms', duration(group.ms)));
      return;
    }
    var c = code(v);
    row.className = 'vrow test ' + STATUS[c] + (v === selected ? ' selected' : '');
    row.removeAttribute('aria-expanded');
    var title = state.group === 'suite' ? T.name[v] : titleOf(v);
    row.title = titleOf(v);
    add(row, badge(c, flakySet[v] === 1), el('span', 'name', title), el('span', 'where', whereOf(v)),
      el('span', 'ms', duration(T.ms[v])));
  }
  function activate(r) {
    if (r < 0) return;
    var v = rows[r];
    if (v < 0) {
      var key = groups[-v - 1].key;
      if (collapsed.has(key)) collapsed.delete(key); else collapsed.add(key);
      update(true);
      return;
    }
    selected = v;
    testList.draw();
    showTest(v);
  }
  $('tests-viewport').addEventListener('click', function (event) { activate(rowOf(event)); });
  $('tests-viewport').addEventListener('keydown', function (event) {
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); activate(rowOf(event)); }
  });
  function showTest(i) {
    var host = $('test-detail');
    host.textContent = '';
    var c = code(i);
    add(host, add(el('h3'), badge(c, flakySet[i] === 1), el('span', 'title', titleOf(i))));
    add(host, add(el('p', 'meta muted'), location(i), el('span', null, ' ' + duration(T.ms[i])),
      attemptsText(i) ? el('span', null, ' \u00b7 ' + attemptsText(i)) : null));
    if (messageOf(i)) add(host, el('pre', 'message', messageOf(i)));
    add(host, block('Stack trace', details.get(i), true), block('Output', output.get(i), true));
    var list = attempts.get(i);
    if (list) {
      var table = add(el('table'), add(el('tr'), el('th', null, 'Attempt'), el('th', null, 'Status'),
        el('th', 'num', 'Duration'), el('th', null, 'Message')));
      list.concat([[c, T.ms[i], T.message[i]]]).forEach(function (a, k) {
        add(table, add(el('tr'), el('td', null, String(k + 1)), add(el('td'), badge(a[0])),
          el('td', 'num', duration(a[1])), el('td', null, a[2] < 0 ? '' : data.messages[a[2]])));
      });
      add(host, table);
    }
    add(host, leftOutNote(i));
  }
  function pressed(container, attribute, value) {
    var buttons = container.querySelectorAll('button');
    for (var k = 0; k < buttons.length; k++)
      buttons[k].setAttribute('aria-pressed', String(buttons[k].getAttribute(attribute) === value));
  }
  $('test-filters').addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (!button) return;
    state.filter = button.getAttribute('data-filter');
    pressed($('test-filters'), 'data-filter', state.filter);
    update(false);
  });
  var searchTimer = 0;
  $('test-search').addEventListener('input', function (event) {
    clearTimeout(searchTimer);
    var value = event.target.value;
    searchTimer = setTimeout(function () { state.query = value; update(false); }, 60);
  });
  $('test-sort').addEventListener('change', function (event) { state.sort = event.target.value; update(false); });
  $('test-group').addEventListener('change', function (event) { state.group = event.target.value; update(false); });
  update(false);

  // Flaky and slowest tests.
  function flakyRow(k) {
    var i = data.flaky[k];
    var runs = (attempts.get(i) || []).concat([[code(i), T.ms[i], T.message[i]]]);
    var firstFailure = runs.filter(function (a) { return a[0] === 'f' || a[0] === 'e'; })[0];
    var sequence = el('td');
    runs.forEach(function (a, n) {
      if (n) add(sequence, document.createTextNode(' \u2192 '));
      add(sequence, badge(a[0]), document.createTextNode(duration(a[1])));
    });
    return add(el('tr'), el('td', null, titleOf(i)), sequence,
      el('td', null, firstFailure && firstFailure[2] >= 0 ? data.messages[firstFailure[2]] : ''));
  }
  if ($('flaky-rows')) paged($('flaky-rows'), $('flaky-more'), data.flaky.length, flakyRow);
  if ($('slowest-rows')) {
    data.slowest.forEach(function (i) {
      add($('slowest-rows'), add(el('tr'), el('td', null, titleOf(i)),
        add(el('td'), badge(code(i))), el('td', 'num', duration(T.ms[i]))));
    });
  }

  // Coverage per file: a virtual table, sortable by its columns, filtered by path.
  var cov = data.coverage && data.coverage.files;
  if (cov && $('coverage-viewport')) {
    var covState = { sort: 'path', descending: false, query: '' };
    var covRows = new Int32Array(0);
    var covList = virtualList($('coverage-viewport'), function (row, r) {
      var f = covRows[r];
      row.textContent = '';
      row.className = 'vrow file';
      row.title = cov.path[f];
      var p = percent(cov.lines[f]);
      add(row, el('span', 'path', cov.path[f]), add(el('span', 'pct'), bar(p), el('span', null, percentText(p))),
        el('span', 'cnt', cov.lines[f] ? count(cov.lines[f][0]) + ' / ' + count(cov.lines[f][1]) : ''),
        el('span', 'cnt', percentText(percent(cov.branches[f]))),
        el('span', 'cnt', percentText(percent(cov.functions[f]))),
        el('span', 'ranges', cov.uncovered[f]));
    });
    var covKey = {
      path: function (f) { return cov.path[f]; },
      lines: function (f) { return percent(cov.lines[f]); },
      missed: function (f) { return cov.lines[f] ? cov.lines[f][1] - cov.lines[f][0] : -1; },
      branches: function (f) { return percent(cov.branches[f]); },
      functions: function (f) { return percent(cov.functions[f]); },
    };
    var covUpdate = function () {
      var key = covKey[covState.sort];
      var query = covState.query.trim().toLowerCase();
      var list = [];
      for (var f = 0; f < cov.path.length; f++)
        if (!query || cov.path[f].toLowerCase().indexOf(query) >= 0) list.push(f);
      var sign = covState.descending ? -1 : 1;
      list.sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -sign : x > y ? sign : 0) || a - b;
      });
      covRows = Int32Array.from(list);
      var label = $('coverage-count');
      label.dataset.shown = String(list.length);
      label.textContent = 'Showing ' + count(list.length) + ' of ' + plural(cov.path.length, 'file');
      pressed($('coverage-head'), 'data-sort', covState.sort);
      covList.set(covRows.length);
    };
    $('coverage-head').addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (!button) return;
      var sort = button.getAttribute('data-sort');
      covState.descending = covState.sort === sort ? !covState.descending : sort === 'missed';
      covState.sort = sort;
      covUpdate();
    });
    $('coverage-search').addEventListener('input', function (event) {
      covState.query = event.target.value;
      covUpdate();
    });
    covUpdate();
  }
  document.documentElement.dataset.ready = 'true';
})();
`;
