// The rock-paper-scissors page: plays over the gateway's HTTP routes (see RpsRoutes.java):
//   POST /v1/rps/games {"easy","family"} -> the game with the bot's round-1 commitment
//   POST /v1/rps/games/{id}/moves {"round","move"} -> the game with the round revealed and the next commitment
// and checks every revealed round itself: SHA-256("gameId|round|move|salt") must equal the commitment shown
// before the player moved.
(() => {
  'use strict';

  const MOVES = { rock: '✊', paper: '✋', scissors: '✌️' };
  const KEYS = { r: 'rock', 1: 'rock', p: 'paper', 2: 'paper', s: 'scissors', 3: 'scissors' };
  const RESULT_TEXT = { win: 'You win', tie: 'Tie', loss: 'Bot wins' };
  const AWAITING_BOT_RETRY_MS = 400;

  const $ = (id) => document.getElementById(id);
  const ui = {
    conn: $('conn'), connText: $('conn-text'), start: $('start'), easy: $('easy'), family: $('family'),
    game: $('game'), history: $('history'), rows: $('rows'), gameId: $('game-id'),
    youScore: $('you-score'), botScore: $('bot-score'), youBar: $('you-bar'), botBar: $('bot-bar'), target: $('target'),
    opponent: $('opponent'), round: $('round'), value: $('value'), commitment: $('commitment'), roundBox: $('round-box'),
    last: $('last'), lastResult: $('last-result'), lastProof: $('last-proof'),
    over: $('over'), winner: $('winner'), final: $('final'), again: $('again'), error: $('error'),
    moves: Array.from(document.querySelectorAll('button.move')),
  };

  let game = null;          // the latest RpsGameView
  let busy = false;         // a request is in flight
  let shown = {};           // round -> the commitment this page showed before the player moved
  let verified = {};        // round -> true / false once checked

  // ---- SHA-256 ---------------------------------------------------------------------------------
  // crypto.subtle exists only in secure contexts (https, localhost); over plain http on another host the page
  // falls back to this small implementation of FIPS 180-4, so the check never depends on the server.
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function sha256Fallback(bytes) {
    const bitLen = bytes.length * 8;
    const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[bytes.length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000));
    view.setUint32(padded.length - 4, bitLen >>> 0);
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
  }

  async function sha256Hex(text) {
    const bytes = new TextEncoder().encode(text);
    if (window.crypto && crypto.subtle) {
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    }
    return sha256Fallback(bytes);
  }

  /** True when the revealed move and salt hash to the commitment, and it is the one shown before the move. */
  async function verify(gameId, r) {
    const hash = await sha256Hex(gameId + '|' + r.round + '|' + r.bot + '|' + r.salt);
    const before = shown[r.round];
    return hash === r.commitment && (before === undefined || before === r.commitment);
  }

  // ---- HTTP ------------------------------------------------------------------------------------
  async function call(method, path, body) {
    const init = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      return { status: 0, body: { message: 'the gateway cannot be reached: ' + e.message } };
    }
    let json = null;
    try {
      json = await res.json();
    } catch (e) {
      json = { message: res.status + ' ' + res.statusText };
    }
    return { status: res.status, body: json };
  }

  function reasonOf(r) {
    const b = r.body || {};
    if (b.fields) return b.fields.map((f) => f.field + ': ' + f.message).join('; ');
    return b.message || b.error || ('HTTP ' + r.status);
  }

  function setBusy(on, text) {
    busy = on;
    ui.conn.dataset.state = on ? 'busy' : 'idle';
    ui.connText.textContent = on ? text : 'Ready';
    document.body.dataset.busy = on ? 'true' : 'false';
    updateButtons();
  }

  function showError(message) {
    ui.error.hidden = !message;
    ui.error.textContent = message || '';
    if (message) {
      ui.conn.dataset.state = 'error';
      ui.connText.textContent = 'Problem';
    }
  }

  // ---- playing ---------------------------------------------------------------------------------
  async function start() {
    if (busy) return;
    setBusy(true, 'Starting…');
    showError('');
    const family = ui.family.value || null;
    const r = await call('POST', '/v1/rps/games', { easy: ui.easy.checked, family });
    setBusy(false);
    if (r.status !== 201) {
      showError('Could not start a game: ' + reasonOf(r));
      return;
    }
    shown = {};
    verified = {};
    ui.rows.replaceChildren();
    ui.last.hidden = true;
    history.replaceState(null, '', '#game=' + encodeURIComponent(r.body.gameId));
    await render(r.body);
    ui.moves[0].focus();
  }

  async function play(move) {
    if (busy || !game || game.status !== 'awaiting-player') return;
    ui.moves.forEach((b) => b.classList.toggle('chosen', b.dataset.move === move));
    setBusy(true, 'Bot is revealing…');
    showError('');
    const r = await call('POST', '/v1/rps/games/' + encodeURIComponent(game.gameId) + '/moves', { round: game.round, move });
    setBusy(false);
    ui.moves.forEach((b) => b.classList.remove('chosen'));
    if (r.status === 200) {
      await render(r.body);
    } else if (r.status === 409 && r.body && r.body.game) {
      await render(r.body.game);
      showError(reasonOf(r));
    } else if (r.status === 504) {
      showError('No answer in time: ' + reasonOf(r) + ' Press ' + move[0].toUpperCase() + ' again to retry.');
    } else {
      showError('The move was not played: ' + reasonOf(r));
    }
  }

  async function resume(id) {
    setBusy(true, 'Loading…');
    const r = await call('GET', '/v1/rps/games/' + encodeURIComponent(id));
    setBusy(false);
    if (r.status === 200) {
      await render(r.body);
    } else {
      history.replaceState(null, '', location.pathname);
    }
  }

  // ---- drawing the state -----------------------------------------------------------------------
  const fmt = (x) => (Math.round(x * 10) / 10).toFixed(1);

  async function render(view) {
    game = view;
    if (view.status === 'awaiting-player' && view.commitment && shown[view.round] === undefined) {
      shown[view.round] = view.commitment;
    }
    for (const r of view.rounds) {
      if (verified[r.round] === undefined) {
        verified[r.round] = await verify(view.gameId, r);
      }
    }
    if (game !== view) return; // a newer state arrived while hashing

    ui.game.hidden = false;
    ui.history.hidden = view.rounds.length === 0;
    ui.game.dataset.status = view.status;
    ui.game.dataset.round = String(view.round);
    ui.game.dataset.seq = String(view.seq);
    ui.gameId.textContent = view.gameId;
    ui.opponent.textContent = view.family ? '(' + view.family + (view.easy ? ', easy' : '') + ')' : '';
    const target = view.target || 10;
    ui.target.textContent = fmt(target);
    ui.youScore.textContent = fmt(view.playerScore);
    ui.botScore.textContent = fmt(view.botScore);
    ui.youBar.style.width = Math.min(100, (100 * view.playerScore) / target) + '%';
    ui.botBar.style.width = Math.min(100, (100 * view.botScore) / target) + '%';

    const over = view.status === 'over';
    ui.roundBox.hidden = over;
    ui.round.textContent = String(view.round);
    ui.value.textContent = fmt(view.roundValue);
    ui.commitment.textContent = view.commitment || 'the bot is choosing…';

    renderRows(view);
    renderLast(view);
    ui.over.hidden = !over;
    if (over) {
      ui.over.dataset.winner = view.winner || '';
      ui.winner.textContent = view.winner === 'player' ? 'You win the game! 🎉'
        : view.winner === 'bot' ? 'The bot wins this one.' : 'A draw.';
      ui.final.textContent = 'You ' + fmt(view.playerScore) + ' – ' + fmt(view.botScore) + ' Bot, in '
        + view.rounds.length + ' rounds';
      ui.again.focus();
    }
    updateButtons();
    if (view.status === 'awaiting-bot') {
      // a resumed game between two states: look again shortly
      setTimeout(() => { if (game === view) resume(view.gameId); }, AWAITING_BOT_RETRY_MS);
    }
  }

  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function renderRows(view) {
    const rows = view.rounds.slice().reverse().map((r) => {
      const tr = document.createElement('tr');
      tr.dataset.round = String(r.round);
      const ok = verified[r.round];
      tr.dataset.verified = ok ? 'true' : 'false';
      tr.append(
        cell(String(r.round), 'num'),
        cell(fmt(r.value), 'num'),
        cell(MOVES[r.player] + ' ' + r.player),
        cell(MOVES[r.bot] + ' ' + r.bot),
        cell(RESULT_TEXT[r.result] || r.result, r.result),
        cell(fmt(r.playerScore) + ' – ' + fmt(r.botScore), 'num'),
        cell(ok ? '✓ verified' : '✗ mismatch', ok ? 'ok' : 'ko'));
      tr.lastChild.title = 'sha256(' + view.gameId + '|' + r.round + '|' + r.bot + '|' + r.salt + ')';
      return tr;
    });
    ui.rows.replaceChildren(...rows);
  }

  function renderLast(view) {
    const r = view.rounds[view.rounds.length - 1];
    if (!r) {
      ui.last.hidden = true;
      return;
    }
    ui.last.hidden = false;
    ui.last.dataset.result = r.result;
    const points = r.result === 'tie' ? 'no points' : fmt(r.value) + ' points';
    ui.lastResult.textContent = 'Round ' + r.round + ': you played ' + r.player + ', the bot played ' + r.bot + '. '
      + (r.result === 'win' ? 'You win ' + points + '.' : r.result === 'loss' ? 'The bot wins ' + points + '.' : 'Tie: no points.');
    const ok = verified[r.round];
    ui.lastProof.replaceChildren();
    const mark = document.createElement('span');
    mark.className = ok ? 'ok' : 'ko';
    mark.id = 'last-verified';
    mark.textContent = ok ? '✓ verified' : '✗ does not match';
    ui.lastProof.append(mark, document.createTextNode(' sha256(…|' + r.round + '|' + r.bot + '|' + r.salt + ') '
      + (ok ? 'equals' : 'differs from') + ' the fingerprint ' + r.commitment.slice(0, 16) + '… shown before your move.'));
  }

  function updateButtons() {
    const playable = !!game && game.status === 'awaiting-player' && !busy;
    ui.moves.forEach((b) => { b.disabled = !playable; });
    ui.start.disabled = busy;
    ui.again.disabled = busy;
  }

  // ---- input -----------------------------------------------------------------------------------
  ui.start.addEventListener('click', start);
  ui.again.addEventListener('click', start);
  ui.moves.forEach((b) => b.addEventListener('click', () => play(b.dataset.move)));
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === 'SELECT' || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
    const k = e.key.toLowerCase();
    if (KEYS[k]) {
      e.preventDefault();
      play(KEYS[k]);
    } else if (k === 'n') {
      e.preventDefault();
      start();
    }
  });

  const m = /#game=([A-Za-z0-9._-]{1,64})/.exec(location.hash);
  updateButtons();
  if (m) resume(m[1]);
})();
