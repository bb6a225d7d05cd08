// duplistatus page script: theme, refresh, filter, sort and logs on demand; forms.js follows it in
// the same served file (WebAssets) with the forms. Pages work without it; it only adds behaviour.
// No framework, no build step.
(function () {
  'use strict';
  const store = {
    get(key) { try { return localStorage.getItem('duplistatus-' + key); } catch (e) { return null; } },
    set(key, value) { try { localStorage.setItem('duplistatus-' + key, value); } catch (e) { /* private mode */ } }
  };

  function toast(text, isError) {
    const box = document.getElementById('toast');
    if (!box) return;
    const item = document.createElement('div');
    item.textContent = text;
    if (isError) item.className = 'error';
    box.appendChild(item);
    setTimeout(() => item.remove(), isError ? 8000 : 4000);
  }

  // The sign-in page, returning to this page afterwards (the session ended or the server restarted).
  function signInAgain() {
    location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search + location.hash);
  }
  // The CSRF token of this browser's session (a cookie the sign-in sets); empty when sign-in is off.
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)duplistatus-csrf=([^;]*)/);
    return match ? match[1] : '';
  }

  // Calls the JSON API; resolves with the envelope, rejects with the API's own message.
  async function api(method, url, body, contentType) {
    const options = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      options.body = contentType ? body : JSON.stringify(body);
      options.headers['Content-Type'] = contentType || 'application/json';
    }
    // A signed-in session's changes carry its CSRF token (quality.md §3).
    if (method !== 'GET' && method !== 'HEAD' && csrfToken()) options.headers['X-CSRF-Token'] = csrfToken();
    let response;
    try { response = await fetch(url, options); } catch (e) { throw new Error('The server could not be reached'); }
    if (response.status === 401 && document.body.dataset.signIn === 'on') { signInAgain(); throw new Error('Sign in again'); }
    let envelope = null;
    try { envelope = await response.json(); } catch (e) { /* not JSON */ }
    if (!response.ok || (envelope && envelope.status === 'error')) {
      throw new Error((envelope && envelope.message) || ('The server answered ' + response.status));
    }
    return envelope || {};
  }
  // refreshRegions: forms.js refreshes a page's regions after a change they show (data-refresh).
  window.duplistatus = { api, toast, refreshRegions: refreshNow };

  // Theme: follows the system until the user picks light or dark here.
  function applyTheme(theme) {
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
    const button = document.getElementById('theme-toggle');
    if (button) button.textContent = 'Theme: ' + (theme || 'system');
  }
  function setupTheme() {
    // The browser's own choice, else the display settings' theme (light or dark), else the system.
    const serverTheme = document.documentElement.dataset.serverTheme;
    applyTheme(store.get('theme') !== null ? store.get('theme') : (/^(light|dark)$/.test(serverTheme) ? serverTheme : ''));
    const button = document.getElementById('theme-toggle');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', () => {
      const order = ['', 'light', 'dark'];
      const next = order[(order.indexOf(document.documentElement.dataset.theme || '') + 1) % order.length];
      store.set('theme', next);
      applyTheme(next);
    });
  }

  // Filter: hides items whose data-search lacks the text; kept across refreshes.
  function applyFilter() {
    const input = document.getElementById('filter');
    if (!input) return;
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const nodes = Array.from(document.querySelectorAll('[data-search]'));
    nodes.forEach((node) => {
      const text = node.getAttribute('data-search');
      node.hidden = !words.every((word) => text.includes(word));
    });
    // A filter that hides everything says so, rather than leaving a blank page.
    const none = document.getElementById('no-matches');
    if (none) none.hidden = words.length === 0 || nodes.some((node) => !node.hidden);
  }

  // Sorting: tables whose headers carry data-key; cells carry data-v (numbers sort as numbers).
  function sortTable(table, index, direction) {
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const value = (row) => { const cell = row.cells[index]; return cell ? (cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim()) : ''; };
    rows.sort((a, b) => {
      const x = value(a), y = value(b);
      const nx = Number(x), ny = Number(y);
      const order = (x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, undefined, { sensitivity: 'base' });
      return direction === 'ascending' ? order : -order;
    });
    rows.forEach((row) => body.appendChild(row));
    Array.from(table.tHead.rows[0].cells).forEach((cell, i) => {
      if (i === index) cell.setAttribute('aria-sort', direction); else cell.removeAttribute('aria-sort');
    });
  }
  function setupSorting() {
    document.querySelectorAll('table.sortable').forEach((table) => {
      Array.from(table.tHead.rows[0].cells).forEach((cell, index) => {
        if (cell.dataset.nosort !== undefined || cell.querySelector('button')) return;
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = cell.textContent;
        cell.textContent = '';
        cell.appendChild(button);
        button.addEventListener('click', () => {
          const direction = cell.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
          sortTable(table, index, direction);
          if (table.id) store.set('sort-' + table.id, index + ':' + direction);
        });
      });
      const saved = table.id && store.get('sort-' + table.id);
      if (saved) { const [index, direction] = saved.split(':'); sortTable(table, Number(index), direction); }
    });
  }

  // Cards can be ordered by name, status or last run.
  function sortCards() {
    const select = document.getElementById('card-sort');
    const box = document.querySelector('.cards');
    if (!select || !box) return;
    const key = select.value;
    const cards = Array.from(box.children);
    cards.sort((a, b) => {
      if (key === 'status') return Number(b.dataset.severity) - Number(a.dataset.severity) || a.dataset.name.localeCompare(b.dataset.name);
      if (key === 'last') return Number(b.dataset.last) - Number(a.dataset.last);
      return a.dataset.name.localeCompare(b.dataset.name, undefined, { sensitivity: 'base' });
    });
    cards.forEach((card) => box.appendChild(card));
  }

  function setupDashboard() {
    const input = document.getElementById('filter');
    if (input) {
      input.addEventListener('input', () => {
        applyFilter();
        const url = new URL(location.href);
        if (input.value) url.searchParams.set('q', input.value); else url.searchParams.delete('q');
        history.replaceState(null, '', url);
      });
      const form = input.form;
      if (form) form.addEventListener('submit', (event) => event.preventDefault());
    }
    const select = document.getElementById('card-sort');
    if (select) {
      select.value = store.get('card-sort') || document.body.dataset.cardSort || select.value;
      select.addEventListener('change', () => { store.set('card-sort', select.value); sortCards(); });
    }
    // The server renders one view; the choice is a cookie so the next visit gets it directly.
    document.querySelectorAll('[data-view-switch]').forEach((link) => {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const view = link.dataset.viewSwitch;
        document.cookie = 'duplistatus-view=' + view + '; path=/; max-age=31536000; SameSite=Lax';
        const url = new URL(location.href);
        url.searchParams.set('view', view);
        location.href = url.toString();
      });
    });
  }
  // Auto-refresh: reloads the regions of the page in place, keeping scroll, filter, sort and view.
  let refreshTimer = null;
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    const base = Number(document.body.dataset.refresh || 0);
    const select = document.getElementById('refresh');
    if (!base || !select) return;
    select.hidden = false;
    const seconds = Number(select.value);
    if (seconds > 0) refreshTimer = setTimeout(refreshNow, seconds * 1000);
  }
  // Refreshes can overlap (two actions in a row, or one beside the timer): only the latest one
  // started is applied, so an older answer arriving last cannot put older figures back.
  let refreshes = 0;
  async function refreshNow() {
    const mine = ++refreshes;
    try {
      const response = await fetch(location.href, { headers: { Accept: 'text/html' } });
      // An ended session is sent to the sign-in page; the whole page follows it there.
      if (response.redirected && new URL(response.url).pathname === '/login') { signInAgain(); return; }
      if (!response.ok) throw new Error('The server answered ' + response.status);
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      if (mine !== refreshes) return;
      document.querySelectorAll('[data-region]').forEach((node) => {
        const fresh = page.getElementById(node.id);
        if (fresh) { node.replaceWith(fresh); window.duplistatus.setupForms(fresh); }
      });
      enhance(document);
    } catch (e) {
      toast('Refresh failed: ' + e.message, true);
    }
    scheduleRefresh();
  }
  function setupRefresh() {
    const select = document.getElementById('refresh');
    if (!select) return;
    const saved = store.get('refresh') || document.body.dataset.refresh;
    if (saved && select.querySelector('option[value="' + saved + '"]')) select.value = saved;
    select.addEventListener('change', () => { store.set('refresh', select.value); scheduleRefresh(); });
    scheduleRefresh();
  }

  // Log lines of a run, fetched from the API the first time a list is opened or searched; throws
  // (after saying so in the list) when they cannot be, and the next try asks again.
  let logRequest = null;
  async function loadLog(details) {
    if (details.dataset.loaded) return;
    const list = details.querySelector('ol');
    const level = details.dataset.log;
    try {
      logRequest = logRequest || api('GET', details.dataset.source);
      const envelope = await logRequest;
      if (details.dataset.loaded) return;
      const lines = envelope.data.logs[level] || [];
      list.replaceChildren(...lines.map((line) => { const item = document.createElement('li'); item.textContent = line; return item; }));
      if (!lines.length) list.innerHTML = '<li class="muted">No lines.</li>';
      const note = details.querySelector('.note');
      if (note && envelope.data.logs.truncated[level]) {
        note.textContent = 'Duplicati reported ' + details.dataset.reported + ' lines; ' + lines.length +
          ' are shown. Duplicati sends at most send-http-max-log-lines lines, and pages show at most 1000.';
      }
      details.dataset.loaded = 'true';
    } catch (e) {
      logRequest = null;
      list.innerHTML = '';
      const item = document.createElement('li');
      item.textContent = e.message;
      list.appendChild(item);
      throw e;
    }
  }
  function setupLogs() {
    const logs = Array.from(document.querySelectorAll('details[data-log]'));
    logs.forEach((details) => {
      details.addEventListener('toggle', async () => {
        if (!details.open || details.dataset.loaded) return;
        try { await loadLog(details); } catch (e) { toast(e.message, true); }
        filterLogs();
      });
    });
    const search = document.getElementById('log-search');
    if (!search) return;
    search.hidden = false;
    // A search covers every level: the lists not loaded yet are loaded, and those with a match open.
    search.addEventListener('input', async () => {
      if (search.value.trim() && logs.some((details) => !details.dataset.loaded)) {
        // One request serves every level; a failure is said once, not once per level.
        const failed = (await Promise.allSettled(logs.map(loadLog))).find((result) => result.status === 'rejected');
        if (failed) toast(failed.reason.message, true);
      }
      filterLogs();
      if (!search.value.trim()) return;
      logs.forEach((details) => {
        if (details.querySelector('ol > li:not(.muted):not([hidden])')) details.open = true;
      });
    });
  }
  // Hides the lines without the search text; a list whose lines all hide says so, rather than
  // looking as if the run had none. Muted items ("No lines.", "Show the lines") always stay.
  function filterLogs() {
    const search = document.getElementById('log-search');
    const typed = search ? search.value.trim() : '';
    const text = typed.toLowerCase();
    document.querySelectorAll('details[data-log] ol').forEach((list) => {
      const lines = Array.from(list.children).filter((item) => !item.classList.contains('muted'));
      lines.forEach((item) => { item.hidden = text !== '' && !item.textContent.toLowerCase().includes(text); });
      let none = list.querySelector('li[data-no-match]');
      if (text !== '' && lines.length && lines.every((item) => item.hidden)) {
        if (!none) {
          none = document.createElement('li');
          none.className = 'muted';
          none.dataset.noMatch = '';
          list.appendChild(none);
        }
        none.textContent = 'No line contains \u201c' + typed + '\u201d.';
      } else if (none) none.remove();
    });
  }


  function enhance(root) {
    applyFilter();
    sortCards();
    setupSorting();
  }

  document.addEventListener('DOMContentLoaded', () => {
    setupTheme();
    setupDashboard();
    window.duplistatus.setupJobControls(document);
    window.duplistatus.setupForms(document);
    setupLogs();
    enhance(document);
    setupRefresh();
  });
})();
