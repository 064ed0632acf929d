// The digits page: draw on a 28x28 grid, get live guesses over the WebSocket, answer, watch accuracy.
// Protocol (see LiveSession.java): send {"type":"draft"|"answer", "drawing", "strokes", "label"?};
// receive "guess", "recorded", "accuracy" and "error" frames.
(() => {
  'use strict';

  const SIDE = 280;            // logical canvas size: stroke coordinates are sent in this space
  const CELLS = 28;            // the grid the page shows, like an MNIST digit
  const CELL = SIDE / CELLS;
  const PEN = 20;              // pen width sent to the gateway, in logical pixels
  const DRAFT_EVERY_MS = 100;  // at most one draft per 100 ms while drawing
  const MIN_STEP = 2;          // points closer than this are not kept
  const POLL_MS = 2000;        // accuracy polling while the socket is down

  const $ = (id) => document.getElementById(id);
  const pad = $('pad');
  const ctx = pad.getContext('2d');
  const ui = {
    hint: $('hint'), clear: $('clear'), right: $('right'), digits: $('digits'),
    guess: $('guess'), guessDigit: $('guess-digit'), guessConf: $('guess-conf'), top3: $('top3'), model: $('model'),
    result: $('result'), conn: $('conn'), connText: $('conn-text'), announce: $('announce'),
    accSummary: $('acc-summary'), accRows: $('acc-rows'), accTable: $('acc-table'),
  };

  // ---- state ---------------------------------------------------------------------------------
  let drawing = newDrawingId();
  let lines = [];              // [[[x,y],...],...] in logical pixels
  let ink = new Float32Array(CELLS * CELLS);
  let current = null;          // the line being drawn
  let guess = null;            // the latest guess frame for this drawing
  let answered = false;
  let lastDraftAt = 0;
  let draftTimer = 0;
  let socket = null;
  let retryMs = 500;
  let pollTimer = 0;
  let announceTimer = 0;

  function newDrawingId() {
    const bytes = new Uint8Array(9);
    crypto.getRandomValues(bytes);
    return 'd-' + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 14);
  }

  // ---- the grid ------------------------------------------------------------------------------
  function resize() {
    const dpr = window.devicePixelRatio || 1;
    const px = Math.round(pad.getBoundingClientRect().width * dpr) || SIDE;
    if (pad.width !== px) {
      pad.width = px;
      pad.height = px;
    }
    render();
  }

  function render() {
    const s = pad.width / SIDE;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, pad.width, pad.height);
    ctx.setTransform(s, 0, 0, s, 0, 0);
    for (let i = 0; i < CELLS * CELLS; i++) {
      const v = ink[i];
      if (v > 0.02) {
        ctx.fillStyle = 'rgba(27, 35, 48, ' + Math.min(1, v).toFixed(3) + ')';
        ctx.fillRect((i % CELLS) * CELL, Math.floor(i / CELLS) * CELL, CELL, CELL);
      }
    }
    ctx.strokeStyle = 'rgba(120, 140, 170, 0.16)';
    ctx.lineWidth = 1 / s;
    ctx.beginPath();
    for (let k = 1; k < CELLS; k++) {
      ctx.moveTo(k * CELL, 0); ctx.lineTo(k * CELL, SIDE);
      ctx.moveTo(0, k * CELL); ctx.lineTo(SIDE, k * CELL);
    }
    ctx.stroke();
  }

  // Inks every cell near the segment a-b: full inside the pen, fading over one cell outside it.
  function stamp(a, b) {
    const r = PEN / 2 / CELL;
    const ax = a[0] / CELL, ay = a[1] / CELL, bx = b[0] / CELL, by = b[1] / CELL;
    const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1)), x1 = Math.min(CELLS - 1, Math.ceil(Math.max(ax, bx) + r + 1));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - r - 1)), y1 = Math.min(CELLS - 1, Math.ceil(Math.max(ay, by) + r + 1));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5, py = y + 0.5;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
        const v = Math.max(0, Math.min(1, (r + 0.6 - d) / 1.2));
        if (v > ink[y * CELLS + x]) ink[y * CELLS + x] = v;
      }
    }
  }

  function point(e) {
    const rect = pad.getBoundingClientRect();
    const x = (e.clientX - rect.left) * SIDE / rect.width;
    const y = (e.clientY - rect.top) * SIDE / rect.height;
    return [Math.round(Math.max(0, Math.min(SIDE, x)) * 10) / 10, Math.round(Math.max(0, Math.min(SIDE, y)) * 10) / 10];
  }

  pad.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    if (answered) startOver();
    pad.setPointerCapture(e.pointerId);
    const p = point(e);
    current = [p];
    lines.push(current);
    stamp(p, p);
    ui.hint.classList.add('gone');
    render();
    scheduleDraft();
  });

  pad.addEventListener('pointermove', (e) => {
    if (!current) return;
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
    for (const ev of events.length ? events : [e]) {
      const p = point(ev);
      const last = current[current.length - 1];
      if (Math.hypot(p[0] - last[0], p[1] - last[1]) < MIN_STEP) continue;
      current.push(p);
      stamp(last, p);
    }
    render();
    scheduleDraft();
  });

  const endLine = () => {
    if (!current) return;
    current = null;
    sendDraft(); // the finished stroke, at once
  };
  pad.addEventListener('pointerup', endLine);
  pad.addEventListener('pointercancel', endLine);

  // ---- drafts and answers --------------------------------------------------------------------
  function strokes() {
    return { width: SIDE, height: SIDE, pen: PEN, lines: lines.filter((l) => l.length > 0) };
  }

  function scheduleDraft() {
    const wait = lastDraftAt + DRAFT_EVERY_MS - performance.now();
    if (wait <= 0) {
      sendDraft();
    } else if (!draftTimer) {
      draftTimer = setTimeout(sendDraft, wait);
    }
  }

  function sendDraft() {
    clearTimeout(draftTimer);
    draftTimer = 0;
    if (!lines.length || answered) return;
    lastDraftAt = performance.now();
    send({ type: 'draft', drawing, strokes: strokes() });
  }

  function answer(label) {
    if (!guess || answered || !lines.length) return;
    if (!send({ type: 'answer', drawing, strokes: strokes(), label })) {
      showResult('Not connected: your answer was not sent. Try again in a moment.', 'error');
      return;
    }
    answered = true;
    setAnswerEnabled(false);
    showResult('Recording…', '');
  }

  function startOver() {
    drawing = newDrawingId();
    lines = [];
    current = null;
    ink = new Float32Array(CELLS * CELLS);
    guess = null;
    answered = false;
    clearTimeout(draftTimer);
    draftTimer = 0;
    ui.hint.classList.remove('gone');
    showGuess(null);
    showResult('', '');
    render();
  }

  // ---- what the page shows ---------------------------------------------------------------------
  const pct = (p) => (p <= 0 ? '0' : p < 0.0005 ? '<0.1' : p * 100 >= 99.95 ? '100' : (p * 100).toFixed(p >= 0.1 ? 0 : 1)) + '%';

  function setAnswerEnabled(on) {
    ui.right.disabled = !on;
    for (const b of ui.digits.querySelectorAll('button')) b.disabled = !on;
  }

  function showGuess(g) {
    guess = g;
    ui.guess.classList.toggle('waiting', !g);
    ui.guessDigit.textContent = g ? String(g.digit) : '?';
    ui.guessConf.textContent = g ? pct(g.probabilities[g.digit]) + ' sure' : 'Start drawing';
    ui.top3.replaceChildren(...(g ? g.top3 : []).map((t) => {
      const li = document.createElement('li');
      const d = document.createElement('span'); d.className = 'd'; d.textContent = t.digit;
      const track = document.createElement('span'); track.className = 'track';
      const fill = document.createElement('span'); fill.className = 'fill';
      fill.style.width = Math.max(0, Math.min(100, t.p * 100)).toFixed(1) + '%';
      track.append(fill);
      const p = document.createElement('span'); p.className = 'p'; p.textContent = pct(t.p);
      li.append(d, track, p);
      li.setAttribute('aria-label', t.digit + ': ' + pct(t.p));
      return li;
    }));
    ui.model.textContent = g && g.model ? 'Guessed by ' + g.model.family + ' · ' + g.model.alias + ' · ' + g.model.version : '';
    ui.right.textContent = '';
    ui.right.append(g ? 'Right, it’s a ' + g.digit + ' ' : 'Right ', kbd('Enter'));
    setAnswerEnabled(!!g && !answered);
    // Screen readers hear the guess once it has settled, not each of the live updates.
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      ui.announce.textContent = g ? 'My guess: ' + g.digit + ', ' + pct(g.probabilities[g.digit]) + ' sure.' : '';
    }, 700);
  }

  function kbd(text) {
    const k = document.createElement('kbd');
    k.textContent = text;
    return k;
  }

  function showResult(text, kind) {
    ui.result.textContent = text;
    ui.result.className = 'result' + (kind ? ' ' + kind : '');
  }

  function showAccuracy(a) {
    const served = a.served || {};
    ui.accTable.dataset.revision = a.revision;
    ui.accTable.dataset.total = served.total || 0;
    ui.accSummary.textContent = served.total
      ? 'Right ' + pct(served.accuracy) + ' of the time (' + served.correct + ' of ' + served.total
        + (served.total === 1 ? ' answer)' : ' answers)')
      : 'No answers scored yet.';
    const rows = (a.models || []).map((m) => {
      const tr = document.createElement('tr');
      const alias = document.createElement('span');
      alias.className = 'alias ' + m.alias;
      alias.textContent = m.alias;
      const model = document.createElement('span');
      model.append(m.family + ' ');
      const ver = document.createElement('span');
      ver.className = 'ver';
      ver.textContent = shortVersion(m);
      ver.title = m.version;
      model.append(ver);
      const cell = document.createElement('div');
      cell.className = 'acc-cell';
      const track = document.createElement('span'); track.className = 'track';
      const fill = document.createElement('span'); fill.className = 'fill';
      fill.style.width = ((m.accuracy || 0) * 100).toFixed(1) + '%';
      track.append(fill);
      const v = document.createElement('span'); v.className = 'v';
      v.textContent = m.accuracy == null ? '–' : pct(m.accuracy);
      cell.append(track, v);
      const w = m.rolling ? pct(m.rolling.accuracy) + ' of ' + m.rolling.matched : '–';
      [alias, model, cell, m.correct + ' / ' + m.total, w].forEach((c, i) => {
        const td = document.createElement('td');
        if (i >= 3) td.className = 'num';
        td.append(c);
        tr.append(td);
      });
      return tr;
    });
    if (!rows.length) {
      const tr = document.createElement('tr');
      tr.className = 'empty';
      tr.innerHTML = '<td colspan="5">Models appear here once answers are scored.</td>';
      rows.push(tr);
    }
    ui.accRows.replaceChildren(...rows);
  }

  function shortVersion(m) {
    const prefix = 'digits-' + m.family + '-';
    return m.version && m.version.startsWith(prefix) ? m.version.slice(prefix.length) : (m.version || '');
  }

  // ---- the socket ----------------------------------------------------------------------------
  function connState(state, text) {
    ui.conn.dataset.state = state;
    ui.connText.textContent = text;
  }

  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/digits/live';
    connState('connecting', 'Connecting…');
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      retryMs = 500;
      clearInterval(pollTimer);
      pollTimer = 0;
      connState('open', 'Live');
      if (lines.length && !answered) sendDraft();
    });
    socket.addEventListener('message', (e) => {
      let f;
      try { f = JSON.parse(e.data); } catch { return; }
      receive(f);
    });
    socket.addEventListener('close', () => {
      socket = null;
      connState('closed', 'Offline, reconnecting…');
      if (!pollTimer) pollTimer = setInterval(pollAccuracy, POLL_MS);
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 8000);
    });
  }

  function send(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function receive(f) {
    switch (f.type) {
      case 'guess':
        if (f.drawing === drawing && !answered && lines.length) showGuess(f);
        break;
      case 'recorded':
        if (f.drawing !== drawing) break;
        showResult(f.correct
          ? 'Recorded: it was a ' + f.label + ' and I said ' + f.guess + '. Draw another!'
          : 'Recorded: it was a ' + f.label + ', I said ' + f.guess + '. I’ll learn. Draw another!',
        f.correct ? 'good' : 'bad');
        break;
      case 'accuracy':
        showAccuracy(f);
        break;
      case 'error':
        if (f.drawing && f.drawing !== drawing) break;
        if (answered) {
          answered = false; // the answer did not go through: let the person try again
          setAnswerEnabled(!!guess);
        }
        showResult('Hmm: ' + f.reason, 'error');
        break;
      default:
        break;
    }
  }

  async function pollAccuracy() {
    try {
      const r = await fetch('/v1/digits/accuracy', { headers: { Accept: 'application/json' } });
      if (r.ok) showAccuracy(await r.json());
    } catch {
      // offline: the next poll tries again
    }
  }

  // ---- buttons and keys ------------------------------------------------------------------------
  for (let d = 0; d <= 9; d++) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = String(d);
    b.disabled = true;
    b.setAttribute('aria-label', 'It was a ' + d);
    b.addEventListener('click', () => answer(d));
    ui.digits.append(b);
  }
  ui.right.addEventListener('click', () => guess && answer(guess.digit));
  ui.clear.addEventListener('click', startOver);

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key >= '0' && e.key <= '9') {
      e.preventDefault();
      answer(Number(e.key));
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      if (guess) answer(guess.digit);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      startOver();
    }
  });

  window.addEventListener('resize', resize);
  showGuess(null);
  resize();
  pollAccuracy();
  connect();
})();
