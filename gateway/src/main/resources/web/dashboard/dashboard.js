// The live dashboard: polls GET /v1/metrics/rolling?task=... every few seconds and draws each task's rolling
// figures per model version and alias with uPlot (served from its WebJar). No build step, no other origin.
'use strict';
(() => {
  const POLL_MS = 3000;
  const main = document.getElementById('tasks');
  const TASKS = (main.dataset.tasks || '').split(/\s+/).filter(Boolean);
  const conn = document.getElementById('conn');
  const connText = document.getElementById('conn-text');

  const ALIAS_COLORS = { Production: '#2458d6', B: '#e0702b', shadow1: '#8e44ad', shadow2: '#129c8f' };
  const OTHER_COLORS = ['#6b7a90', '#c2185b', '#689f38', '#795548', '#0277bd'];

  const TASK_INFO = {
    calories: {
      title: 'Calories',
      sub: 'Regression · kcal burned, predicted from an exercise record; the measured calories arrive later.',
      emptyTitle: 'No calories prediction has been scored yet.',
      emptyBody: 'A prediction is scored when its measured calories arrive (POST /v1/calories/feedback, or a record on '
        + 'calories.feedback). The simulator sends requests and, after a delay, their ground truth:',
      cmd: 'java -jar app/target/hindsight.jar simulate calories --feedback-delay 10s',
    },
    digits: {
      title: 'Digits',
      sub: 'Classification · a drawn digit, guessed by every model; the person\u2019s answer is the truth.',
      emptyTitle: 'No digit has been scored yet.',
      emptyBody: ['Draw a digit on ', { href: '/digits', text: 'the digits page' }, ' and tell it whether it guessed '
        + 'right, or let the simulator draw MNIST digits and answer for you:'],
      cmd: 'java -jar app/target/hindsight.jar simulate digits --feedback-delay 5s',
    },
  };

  const pct = (v) => (v * 100).toFixed(1) + '%';
  const dur = (s) => {
    if (s < 1) return Math.round(s * 1000) + ' ms';
    if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + ' s';
    if (s < 3600) return Math.round(s / 6) / 10 + ' min';
    return (s / 3600).toFixed(1) + ' h';
  };
  const ago = (ms) => {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 3) return 'just now';
    if (s < 90) return s + ' s ago';
    if (s < 5400) return Math.round(s / 60) + ' min ago';
    return Math.round(s / 3600) + ' h ago';
  };

  // One chart per figure; lag draws p50 and p95 of each series together.
  const CHARTS = {
    rmsle: { title: 'RMSLE', hint: 'root mean squared log error of the window · lower is better',
      keys: ['rmsle'], fmt: (v) => v.toFixed(4), axis: (v) => v.toFixed(3), best: 'min' },
    mae: { title: 'MAE', hint: 'mean absolute error, kcal · lower is better',
      keys: ['mae'], fmt: (v) => v.toFixed(2) + ' kcal', axis: (v) => v.toFixed(1), best: 'min' },
    accuracy: { title: 'Accuracy', hint: 'share of matched outputs that named the true class · higher is better',
      keys: ['accuracy'], fmt: pct, axis: (v) => Math.round(v * 1000) / 10 + '%', percent: true, best: 'max' },
    coverage: { title: 'Coverage', hint: 'matched ÷ (matched + expired): predictions whose truth arrived in time',
      keys: ['coverage'], fmt: pct, axis: (v) => Math.round(v * 1000) / 10 + '%', percent: true },
    lag: { title: 'Feedback lag', hint: 'prediction to ground truth · p50 solid, p95 dashed',
      keys: ['lagP50Seconds', 'lagP95Seconds'], fmt: dur, axis: dur },
  };
  const chartsOf = (figures) => {
    const names = [];
    for (const f of figures) {
      const name = f.startsWith('lag') ? 'lag' : f;
      if (CHARTS[name] && !names.includes(name)) names.push(name);
    }
    return names;
  };

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const shortVersion = (v) => {
    const last = String(v || '').split('-').pop();
    return last.length > 8 ? last.slice(0, 8) : last;
  };

  const colors = new Map();
  const colorOf = (alias) => {
    if (ALIAS_COLORS[alias]) return ALIAS_COLORS[alias];
    if (!colors.has(alias)) colors.set(alias, OTHER_COLORS[colors.size % OTHER_COLORS.length]);
    return colors.get(alias);
  };
  const swatch = (color) => {
    const s = el('span', 'swatch');
    s.style.background = color;
    return s;
  };

  // ---- one section per task ----
  const state = new Map();
  const template = document.getElementById('task-template');

  for (const task of TASKS) {
    const info = TASK_INFO[task] || { title: task, sub: '', emptyTitle: 'Nothing scored yet for ' + task + '.',
      emptyBody: 'Send predictions and their feedback to see its figures here.', cmd: '' };
    const section = template.content.firstElementChild.cloneNode(true);
    section.dataset.task = task;
    section.id = 'task-' + task;
    section.querySelector('.task-title').textContent = info.title;
    section.querySelector('.task-sub').textContent = info.sub;
    const empty = section.querySelector('.empty');
    empty.querySelector('.empty-title').textContent = 'Loading…';
    main.appendChild(section);
    state.set(task, { task, info, section, hidden: new Set(), charts: new Map(), view: null, revision: -1, renderedWidth: 0 });
  }

  function renderEmpty(s, view) {
    const empty = s.section.querySelector('.empty');
    empty.hidden = false;
    empty.querySelector('.empty-title').textContent = s.info.emptyTitle;
    const body = empty.querySelector('.empty-body');
    body.replaceChildren(...[].concat(s.info.emptyBody).map((part) => {
      if (typeof part === 'string') return document.createTextNode(part);
      const a = el('a', null, part.text);
      a.href = part.href;
      return a;
    }));
    empty.querySelector('.empty-cmd').textContent = s.info.cmd;
    empty.querySelector('.empty-cmd').hidden = !s.info.cmd;
    s.section.querySelector('.latest-wrap').hidden = true;
    s.section.querySelector('.stale').hidden = true;
    s.section.querySelector('.aliases').replaceChildren();
    for (const c of s.charts.values()) c.u && c.u.destroy();
    s.charts.clear();
    s.section.querySelector('.charts').replaceChildren();
    s.section.dataset.state = 'empty';
    s.section.dataset.series = '0';
    s.section.dataset.revision = String(view.revision);
  }

  /** The newest version behind each alias is current; older ones (before a swap) are drawn faded. */
  function currentFlags(series) {
    const seen = new Set();
    return series.map((x) => {
      const current = !seen.has(x.alias);
      seen.add(x.alias);
      return current;
    });
  }

  function renderChips(s, series) {
    const box = s.section.querySelector('.aliases');
    const aliases = [...new Set(series.map((x) => x.alias))];
    const have = [...box.children].map((b) => b.dataset.alias).join('|');
    if (have === aliases.join('|')) {
      for (const b of box.children) b.setAttribute('aria-pressed', String(!s.hidden.has(b.dataset.alias)));
      return;
    }
    box.replaceChildren();
    for (const alias of aliases) {
      const b = el('button', 'chip');
      b.type = 'button';
      b.dataset.alias = alias;
      b.setAttribute('aria-pressed', String(!s.hidden.has(alias)));
      b.title = 'Show or hide ' + alias;
      b.append(swatch(colorOf(alias)), document.createTextNode(alias));
      b.addEventListener('click', () => {
        if (s.hidden.has(alias)) s.hidden.delete(alias); else s.hidden.add(alias);
        render(s, s.view, true);
      });
      box.appendChild(b);
    }
  }

  function renderTable(s, view, current) {
    const wrap = s.section.querySelector('.latest-wrap');
    wrap.hidden = false;
    const figures = view.kind === 'regression' ? ['rmsle', 'mae'] : ['accuracy'];
    const heads = ['Alias', 'Model version', 'Scored in window', ...figures.map((f) => CHARTS[f].title),
      'Coverage', 'Lag p50', 'Lag p95', 'Newest outcome'];
    const headRow = wrap.querySelector('thead tr');
    if (headRow.children.length !== heads.length) {
      headRow.replaceChildren(...heads.map((h) => {
        const th = el('th', null, h);
        th.scope = 'col';
        return th;
      }));
    }
    const best = {};
    for (const f of figures) {
      const vals = view.series.filter((x, i) => current[i] && x.latest[f] != null).map((x) => x.latest[f]);
      if (vals.length > 1) best[f] = CHARTS[f].best === 'min' ? Math.min(...vals) : Math.max(...vals);
    }
    const rows = view.series.map((x, i) => {
      const tr = el('tr', current[i] ? null : 'old');
      const alias = el('span', 'alias');
      alias.append(swatch(colorOf(x.alias)), document.createTextNode(x.alias));
      const tdAlias = el('td');
      tdAlias.appendChild(alias);
      const tdVersion = el('td', 'version', x.version + (current[i] ? '' : ' (before swap)'));
      tdVersion.title = x.family;
      tr.append(tdAlias, tdVersion, el('td', null, x.latest.matched + (x.latest.expired ? ' + ' + x.latest.expired + ' expired' : '')));
      for (const f of figures) {
        const v = x.latest[f];
        tr.appendChild(el('td', current[i] && best[f] != null && v === best[f] ? 'best' : null, v == null ? '–' : CHARTS[f].fmt(v)));
      }
      tr.append(
        el('td', null, x.latest.coverage == null ? '–' : pct(x.latest.coverage)),
        el('td', null, x.latest.lagP50Seconds == null ? '–' : dur(x.latest.lagP50Seconds)),
        el('td', null, x.latest.lagP95Seconds == null ? '–' : dur(x.latest.lagP95Seconds)),
        el('td', null, ago(view.now - x.latest.updatedAt)));
      return tr;
    });
    wrap.querySelector('tbody').replaceChildren(...rows);
  }

  function plotData(view, visible, keys) {
    const tables = [];
    const series = [];
    for (const { x, current } of visible) {
      const ts = x.points.t.map((t) => t / 1000);
      keys.forEach((k, ki) => {
        const ys = x.points[k] || [];
        tables.push([ts, ys.map((v) => (v == null ? null : v))]);
        series.push({ x, current, dashed: ki === 1, key: k });
      });
    }
    return { data: tables.length ? uPlot.join(tables) : [[]], series };
  }

  function makeChart(s, name, box, plotted, spec) {
    const width = Math.max(240, box.clientWidth);
    const opts = {
      width,
      height: 210,
      padding: [8, 10, 0, 4],
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      scales: {
        x: { time: true },
        y: {
          range: spec.percent
            ? (u, min) => [min == null ? 0 : Math.max(0, Math.floor((Math.min(min, 0.99) - 0.02) * 50) / 50), 1.0]
            : (u, min, max) => [0, max == null || max <= 0 ? 1 : max * 1.15],
        },
      },
      axes: [
        { stroke: '#5d6778', grid: { stroke: '#edf1f7' }, ticks: { stroke: '#e3e8f0' } },
        { stroke: '#5d6778', grid: { stroke: '#edf1f7' }, ticks: { stroke: '#e3e8f0' }, size: 62,
          values: (u, splits) => splits.map((v) => (v == null ? '' : spec.axis(v))) },
      ],
      series: [
        { value: (u, v) => (v == null ? '–' : new Date(v * 1000).toLocaleTimeString()) },
        ...plotted.series.map((p) => {
          const color = colorOf(p.x.alias) + (p.current ? '' : '80');
          const few = p.x.points.t.length < 40;
          return {
            label: p.x.alias + ' · ' + shortVersion(p.x.version) + (spec.keys.length > 1 ? (p.dashed ? ' p95' : ' p50') : ''),
            stroke: color,
            width: p.dashed ? 1.5 : 2,
            dash: p.dashed ? [6, 4] : undefined,
            points: { show: few, size: 5, fill: color },
            value: (u, v) => (v == null ? '–' : spec.fmt(v)),
          };
        }),
      ],
    };
    return new uPlot(opts, plotted.data, box);
  }

  function renderCharts(s, view, current, force) {
    const holder = s.section.querySelector('.charts');
    const names = chartsOf(view.figures);
    const visible = view.series.map((x, i) => ({ x, current: current[i] })).filter((v) => !s.hidden.has(v.x.alias));
    for (const name of names) {
      const spec = CHARTS[name];
      let c = s.charts.get(name);
      if (!c) {
        const card = el('div', 'chart');
        card.dataset.metric = name;
        card.append(el('h3', null, spec.title), el('p', 'hint', spec.hint));
        const box = el('div', 'plot');
        card.appendChild(box);
        holder.appendChild(card);
        c = { card, box, u: null, key: '' };
        s.charts.set(name, c);
      }
      const plotted = plotData(view, visible, spec.keys);
      const anyValue = plotted.data.slice(1).some((ys) => ys.some((v) => v != null));
      c.card.dataset.series = String(anyValue ? plotted.series.length : 0);
      c.card.dataset.points = String(plotted.data[0].length);
      if (!anyValue) {
        if (c.u) { c.u.destroy(); c.u = null; }
        c.key = '';
        const why = visible.length === 0 ? 'Every alias is hidden: pick one above.'
          : 'No value yet: the windows so far have no matched outcome.';
        c.box.replaceChildren(el('div', 'plot-empty', why));
        continue;
      }
      const key = plotted.series.map((p) => p.x.alias + p.x.version + p.key + p.current).join('|');
      if (c.u && c.key === key && !force) {
        c.u.setData(plotted.data);
      } else {
        if (c.u) c.u.destroy();
        c.box.replaceChildren();
        c.u = makeChart(s, name, c.box, plotted, spec);
        c.key = key;
      }
    }
  }

  function render(s, view, force) {
    s.view = view;
    s.revision = view.revision;
    if (!view.series.length) {
      renderEmpty(s, view);
      return;
    }
    s.section.querySelector('.empty').hidden = true;
    const current = currentFlags(view.series);
    renderChips(s, view.series);
    renderTable(s, view, current);
    const newest = Math.max(...view.series.map((x) => x.latest.updatedAt));
    const stale = s.section.querySelector('.stale');
    const quiet = view.now - newest;
    stale.hidden = !(view.windowMs && quiet > view.windowMs);
    stale.textContent = 'No new outcomes for ' + ago(quiet).replace(' ago', '') + ': the figures below are the last windows that had any.';
    renderCharts(s, view, current, force);
    s.section.dataset.state = 'live';
    s.section.dataset.series = String(view.series.length);
    s.section.dataset.revision = String(view.revision);
  }

  // ---- polling ----
  function setConn(st, text) {
    conn.dataset.state = st;
    connText.textContent = text;
  }

  async function poll() {
    try {
      const views = await Promise.all(TASKS.map(async (task) => {
        const r = await fetch('/v1/metrics/rolling?task=' + encodeURIComponent(task), { cache: 'no-store' });
        if (!r.ok) throw new Error('the gateway answered ' + r.status + ' for ' + task);
        return r.json();
      }));
      let newest = null;
      let now = Date.now();
      views.forEach((view, i) => {
        const s = state.get(TASKS[i]);
        now = view.now;
        for (const x of view.series) newest = Math.max(newest ?? 0, x.latest.updatedAt);
        if (view.revision !== s.revision || s.section.dataset.state === 'loading') render(s, view, false);
        else s.view = view;
      });
      setConn('live', newest == null ? 'Live · waiting for the first scored outcome' : 'Live · newest outcome ' + ago(now - newest));
    } catch (e) {
      setConn('error', (e instanceof TypeError ? 'Cannot reach the gateway' : e.message) + ' · retrying');
    }
  }

  let timer = null;
  async function loop() {
    clearTimeout(timer);
    if (!document.hidden) await poll();
    timer = setTimeout(loop, POLL_MS);
  }
  document.addEventListener('visibilitychange', () => { if (!document.hidden) loop(); });

  // Charts follow their card's width.
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const s of state.values()) {
        for (const c of s.charts.values()) {
          if (c.u) c.u.setSize({ width: Math.max(240, c.box.clientWidth), height: 210 });
        }
      }
    }, 120);
  });

  if (typeof uPlot === 'undefined') {
    setConn('error', 'The chart library did not load');
    return;
  }
  loop();
})();
