// The live dashboard: polls GET /v1/metrics/rolling?task=... every few seconds and draws each task's rolling
// figures per model version and alias with uPlot (served from its WebJar); rps per family, with its game win rate and
// points per round. Below: the newest drift window per feature (GET /v1/metrics/drift?task=...) and the promotion
// ledger (GET /v1/promotions). No build step, no other origin.
'use strict';
(() => {
  const POLL_MS = 3000;
  const main = document.getElementById('tasks');
  const TASKS = (main.dataset.tasks || '').split(/\s+/).filter(Boolean);
  const taskList = document.getElementById('task-list');
  const driftBox = document.getElementById('drift');
  const DRIFT_TASKS = (driftBox.dataset.driftTasks || '').split(/\s+/).filter(Boolean);
  const promotionsBox = document.getElementById('promotions');
  const LEDGER_LIMIT = 20;
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
    rps: {
      title: 'Rock, paper, scissors',
      sub: 'A game per family · every alias predicts the player\u2019s next move and is scored; the served one (Production '
        + 'or B) moves the bot and wins or loses the game.',
      emptyTitle: 'No rps round has been scored yet.',
      emptyBody: ['Play a game on ', { href: '/rps', text: 'the rps page' }, ' or let the simulator play. Until the models '
        + 'are trained the bot plays at random (the counted fallback) and nothing is scored:'],
      cmd: 'java -jar app/target/hindsight.jar simulate rps --games 20',
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
    winRate: { title: 'Game win rate', hint: 'games the bot won ÷ games finished, served aliases only · higher is better',
      keys: ['winRate'], fmt: pct, axis: (v) => Math.round(v * 1000) / 10 + '%', percent: true, best: 'max',
      withValuesOnly: true, none: 'No game finished in the windows so far.' },
    pointsPerRound: { title: 'Points per round', hint: 'the bot\u2019s mean points per round had this output moved it · higher is better',
      keys: ['pointsPerRound'], fmt: (v) => (v > 0 ? '+' : '') + v.toFixed(2), axis: (v) => v.toFixed(2), signed: true, best: 'max' },
  };
  const TABLE_FIGURES = { regression: ['rmsle', 'mae'], classification: ['accuracy'], game: ['winRate', 'pointsPerRound', 'accuracy'] };
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
    taskList.appendChild(section);
    state.set(task, { task, info, section, hidden: new Set(), charts: new Map(), view: null, revision: -1, renderedWidth: 0,
      family: null });
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
    s.section.querySelector('.families').hidden = true;
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
    const figures = TABLE_FIGURES[view.kind] || ['accuracy'];
    const game = view.kind === 'game';
    const heads = ['Alias', 'Model version', 'Scored in window', ...figures.map((f) => CHARTS[f].title),
      ...(game ? ['Games won'] : []), 'Coverage', 'Lag p50', 'Lag p95', 'Newest outcome'];
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
      if (game) tr.appendChild(el('td', null, x.latest.games ? x.latest.gamesWon + ' of ' + x.latest.games : '–'));
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
            : spec.signed
              ? (u, min, max) => [Math.min(0, (min ?? 0) * 1.15), Math.max(0.1, (max ?? 0) * 1.15)]
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
      const drawn = spec.withValuesOnly
        ? visible.filter((v) => spec.keys.some((k) => (v.x.points[k] || []).some((y) => y != null))) : visible;
      const plotted = plotData(view, drawn, spec.keys);
      const anyValue = plotted.data.slice(1).some((ys) => ys.some((v) => v != null));
      c.card.dataset.series = String(anyValue ? plotted.series.length : 0);
      c.card.dataset.points = String(plotted.data[0].length);
      if (!anyValue) {
        if (c.u) { c.u.destroy(); c.u = null; }
        c.key = '';
        const why = visible.length === 0 ? 'Every alias is hidden: pick one above.'
          : spec.none || 'No value yet: the windows so far have no matched outcome.';
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

  /** rps: one family at a time (its four aliases), picked with the family buttons. */
  function renderFamilies(s, view) {
    const box = s.section.querySelector('.families');
    const families = [...new Set(view.series.map((x) => x.family))].sort();
    if (view.kind !== 'game' || families.length === 0) {
      box.hidden = true;
      return view;
    }
    if (!families.includes(s.family)) s.family = families[0];
    box.hidden = families.length < 2;
    const have = [...box.children].map((b) => b.dataset.family).join('|');
    if (have !== families.join('|')) {
      box.replaceChildren(...families.map((family) => {
        const b = el('button', 'chip family', family);
        b.type = 'button';
        b.dataset.family = family;
        b.title = 'Show the ' + family + ' family';
        b.addEventListener('click', () => {
          s.family = family;
          render(s, s.view, true);
        });
        return b;
      }));
    }
    for (const b of box.children) b.setAttribute('aria-pressed', String(b.dataset.family === s.family));
    s.section.dataset.family = s.family;
    s.section.dataset.families = String(families.length);
    return { ...view, series: view.series.filter((x) => x.family === s.family) };
  }

  function render(s, full, force) {
    s.view = full;
    s.revision = full.revision;
    if (!full.series.length) {
      renderEmpty(s, full);
      return;
    }
    const view = renderFamilies(s, full);
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

  // ---- drift: the newest window per feature, PSI over time ----
  const FEATURE_COLORS = ['#2458d6', '#e0702b', '#8e44ad', '#129c8f', '#c2185b', '#689f38', '#795548', '#0277bd',
    '#6b7a90', '#d4a017'];
  const DRIFT_CMD = {
    calories: 'java -jar app/target/hindsight.jar simulate calories --feedback-delay 10s',
    digits: 'java -jar app/target/hindsight.jar simulate digits --feedback-delay 5s',
  };
  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const fixed = (v, d) => (v == null ? '–' : v.toFixed(d));
  const pValue = (p) => {
    if (p == null) return '–';
    if (p === 0) return '< 1e-300';
    return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
  };

  const driftState = new Map();
  const driftTemplate = document.getElementById('drift-template');
  const driftList = driftBox.querySelector('.drift-list');
  driftBox.hidden = DRIFT_TASKS.length === 0;
  for (const task of DRIFT_TASKS) {
    const card = driftTemplate.content.firstElementChild.cloneNode(true);
    card.id = 'drift-' + task;
    card.dataset.task = task;
    card.querySelector('.task-title').textContent = 'Drift · ' + ((TASK_INFO[task] || {}).title || task);
    card.querySelector('.task-sub').textContent = 'Loading…';
    driftList.appendChild(card);
    driftState.set(task, { task, card, revision: -1, u: null, key: '' });
  }

  function renderDrift(d, view) {
    const card = d.card;
    d.revision = view.revision;
    card.dataset.revision = String(view.revision);
    const empty = card.querySelector('.empty');
    const wrap = card.querySelector('.latest-wrap');
    const charts = card.querySelector('.charts');
    const flag = card.querySelector('.flag');
    if (!view.features.length) {
      empty.hidden = false;
      empty.querySelector('.empty-title').textContent = 'No drift window has closed yet for ' + d.task + '.';
      empty.querySelector('.empty-body').textContent = 'A window is reported once it closes (every 5 minutes by default) and '
        + 'needs a Production model with a training reference. Send requests, for example:';
      empty.querySelector('.empty-cmd').textContent = DRIFT_CMD[d.task] || '';
      empty.querySelector('.empty-cmd').hidden = !DRIFT_CMD[d.task];
      card.querySelector('.task-sub').textContent = 'Waiting for the first closed window.';
      wrap.hidden = true;
      charts.hidden = true;
      flag.hidden = true;
      if (d.u) { d.u.destroy(); d.u = null; d.key = ''; }
      card.dataset.state = 'empty';
      card.dataset.features = '0';
      return;
    }
    empty.hidden = true;
    const th = view.thresholds;
    const newest = view.features.reduce((a, f) => (f.latest.windowEnd > a.latest.windowEnd ? f : a));
    card.querySelector('.task-sub').textContent = 'Reference: the training data of ' + newest.latest.referenceVersion
      + ' · newest window ' + clock(newest.latest.windowStart) + '–' + clock(newest.latest.windowEnd)
      + ' (' + ago(view.now - newest.latest.windowEnd) + ')';
    flag.hidden = false;
    flag.className = 'flag ' + (view.drifted ? 'bad' : 'good');
    flag.textContent = view.drifted ? view.drifted + ' of ' + view.features.length + ' features drifted'
      : 'No feature drifted';
    wrap.hidden = false;
    wrap.querySelector('tbody').replaceChildren(...view.features.map((f) => {
      const l = f.latest;
      const tr = el('tr', l.drifted ? 'drifted' : null);
      tr.dataset.feature = f.feature;
      const status = el('span', 'badge ' + (l.drifted ? 'bad' : 'good'), l.drifted ? 'drifted' : 'stable');
      const tdStatus = el('td');
      tdStatus.appendChild(status);
      tr.append(el('td', 'feature', f.feature), tdStatus,
        el('td', l.psi != null && l.psi > th.psi ? 'over' : null, fixed(l.psi, 3)),
        el('td', l.ksD != null && l.ksD > th.ksD ? 'over' : null, fixed(l.ksD, 3)),
        el('td', l.ksPValue != null && l.ksPValue < th.ksPValue ? 'over' : null, pValue(l.ksPValue)),
        el('td', null, l.count + ' (ref ' + l.referenceCount + ')'),
        el('td', null, clock(l.windowStart) + '–' + clock(l.windowEnd)));
      return tr;
    }));
    charts.hidden = false;
    const box = charts.querySelector('.plot');
    const chart = charts.querySelector('.chart');
    const withPsi = view.features.filter((f) => f.points.psi.some((v) => v != null));
    chart.dataset.series = String(withPsi.length);
    chart.dataset.points = String(Math.max(0, ...view.features.map((f) => f.points.t.length)));
    if (!withPsi.length) {
      if (d.u) { d.u.destroy(); d.u = null; }
      d.key = '';
      box.replaceChildren(el('div', 'plot-empty', 'No PSI yet: the windows so far had too few requests.'));
    } else {
      const data = uPlot.join(withPsi.map((f) => [f.points.t.map((t) => t / 1000), f.points.psi]));
      const key = withPsi.map((f) => f.feature).join('|');
      if (d.u && d.key === key) {
        d.u.setData(data);
      } else {
        if (d.u) d.u.destroy();
        box.replaceChildren();
        d.u = new uPlot({
          width: Math.max(240, box.clientWidth),
          height: 210,
          padding: [8, 10, 0, 4],
          cursor: { drag: { x: true, y: false }, points: { size: 6 } },
          scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(th.psi * 1.25, (max ?? 0) * 1.15)] } },
          axes: [
            { stroke: '#5d6778', grid: { stroke: '#edf1f7' }, ticks: { stroke: '#e3e8f0' } },
            { stroke: '#5d6778', grid: { stroke: '#edf1f7' }, ticks: { stroke: '#e3e8f0' }, size: 52,
              values: (u, splits) => splits.map((v) => (v == null ? '' : v.toFixed(2))) },
          ],
          series: [
            { value: (u, v) => (v == null ? '–' : new Date(v * 1000).toLocaleTimeString()) },
            ...withPsi.map((f, i) => ({
              label: f.feature,
              stroke: FEATURE_COLORS[i % FEATURE_COLORS.length],
              width: 2,
              points: { show: f.points.t.length < 40, size: 5, fill: FEATURE_COLORS[i % FEATURE_COLORS.length] },
              value: (u, v) => (v == null ? '–' : v.toFixed(3)),
            })),
          ],
        }, data, box);
        d.key = key;
      }
    }
    card.dataset.state = 'live';
    card.dataset.features = String(view.features.length);
    card.dataset.drifted = String(view.drifted);
  }

  // ---- promotions: the newest decisions of the ledger ----
  const OUTCOME_CLASS = { promoted: 'good', kept: 'neutral', 'insufficient-data': 'warn', 'shadows-reordered': 'info', overridden: 'info' };
  let ledgerKey = null;

  function evidenceValue(metric, e) {
    if (/rate|accuracy/.test(metric || '')) {
      return e.successes + ' of ' + e.samples + ' (' + (e.samples ? pct(e.value) : '–') + ')';
    }
    return e.samples + ' pairs, mean ' + (e.samples ? e.value.toFixed(4) : '–');
  }

  function renderLedger(body) {
    const decisions = body.decisions || [];
    const key = JSON.stringify(decisions.map((d) => [d.task, d.family, d.evaluatedTs, d.outcome])) + body.caughtUp;
    if (key === ledgerKey) return;
    ledgerKey = key;
    const empty = promotionsBox.querySelector('.empty');
    const wrap = promotionsBox.querySelector('.latest-wrap');
    promotionsBox.dataset.rows = String(decisions.length);
    if (!decisions.length) {
      empty.hidden = false;
      wrap.hidden = true;
      empty.querySelector('.empty-title').textContent = body.caughtUp ? 'No promotion decision yet.' : 'Reading the ledger…';
      empty.querySelector('.empty-body').textContent = 'The promotion role evaluates every task and family that has both '
        + 'a Production and a B model, once a minute; until each has enough evidence (rps: 30 finished games) it records '
        + '"insufficient-data".';
      promotionsBox.dataset.state = 'empty';
      return;
    }
    empty.hidden = true;
    wrap.hidden = false;
    const today = new Date().toDateString();
    wrap.querySelector('tbody').replaceChildren(...decisions.map((d) => {
      const tr = el('tr');
      tr.dataset.outcome = d.outcome;
      const when = new Date(d.evaluatedTs);
      const tdWhen = el('td', null, (when.toDateString() === today ? '' : when.toLocaleDateString() + ' ') + when.toLocaleTimeString());
      tdWhen.title = when.toISOString();
      const tdOutcome = el('td');
      tdOutcome.appendChild(el('span', 'badge ' + (OUTCOME_CLASS[d.outcome] || 'neutral'), d.outcome));
      const tdEvidence = el('td', 'evidence');
      for (const e of d.evidence || []) {
        const line = el('div', 'ev');
        const alias = el('span', 'alias');
        alias.append(swatch(colorOf(e.alias)), document.createTextNode(e.alias));
        const version = el('span', 'version', shortVersion(e.version));
        version.title = e.version;
        line.append(alias, version, document.createTextNode(' ' + evidenceValue(d.metric, e)));
        tdEvidence.appendChild(line);
      }
      const tdStat = el('td', null, d.statistic == null ? '–' : d.statistic.toFixed(2));
      tdStat.title = (d.test || '') + ' on ' + (d.metric || '');
      const significant = d.pValue != null && d.pValue < d.alpha;
      const tdP = el('td', significant ? 'best' : null, d.pValue == null ? '–' : pValue(d.pValue) + (significant ? ' < α ' : ' ≥ α ') + d.alpha);
      tdP.title = 'α = ' + d.alpha + ', at least ' + d.minSamples + ' per alias';
      const tdMoves = el('td', 'moves', (d.moves || []).length
        ? d.moves.map((m) => m.alias + ' ← ' + shortVersion(m.toVersion)).join(', ') : '–');
      tr.append(tdWhen, el('td', null, d.task + ' · ' + d.family), tdOutcome, tdEvidence, tdStat, tdP, tdMoves,
        el('td', 'reason', d.reason || ''));
      return tr;
    }));
    promotionsBox.dataset.state = 'live';
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
      const [drifts, ledger] = await Promise.all([
        Promise.all(DRIFT_TASKS.map(async (task) => {
          const r = await fetch('/v1/metrics/drift?task=' + encodeURIComponent(task), { cache: 'no-store' });
          if (!r.ok) throw new Error('the gateway answered ' + r.status + ' for the drift of ' + task);
          return r.json();
        })),
        fetch('/v1/promotions?limit=' + LEDGER_LIMIT, { cache: 'no-store' }).then((r) => {
          if (!r.ok) throw new Error('the gateway answered ' + r.status + ' for the promotions');
          return r.json();
        }),
      ]);
      drifts.forEach((view, i) => {
        const d = driftState.get(DRIFT_TASKS[i]);
        if (view.revision !== d.revision || d.card.dataset.state === 'loading') renderDrift(d, view);
      });
      renderLedger(ledger);
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
      for (const d of driftState.values()) {
        if (d.u) d.u.setSize({ width: Math.max(240, d.card.querySelector('.plot').clientWidth), height: 210 });
      }
    }, 120);
  });

  if (typeof uPlot === 'undefined') {
    setConn('error', 'The chart library did not load');
    return;
  }
  loop();
})();
