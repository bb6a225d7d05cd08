// duplistatus page script: theme, refresh, filter, sort, logs on demand and forms through the JSON API.
// Pages work without it; it only adds behaviour. No framework, no build step.
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
  window.duplistatus = { api, toast };

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
    document.querySelectorAll('[data-search]').forEach((node) => {
      const text = node.getAttribute('data-search');
      node.hidden = !words.every((word) => text.includes(word));
    });
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
  async function refreshNow() {
    try {
      const response = await fetch(location.href, { headers: { Accept: 'text/html' } });
      // An ended session is sent to the sign-in page; the whole page follows it there.
      if (response.redirected && new URL(response.url).pathname === '/login') { signInAgain(); return; }
      if (!response.ok) throw new Error('The server answered ' + response.status);
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      document.querySelectorAll('[data-region]').forEach((node) => {
        const fresh = page.getElementById(node.id);
        if (fresh) { node.replaceWith(fresh); setupForms(fresh); }
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

  // Log lines of a run, fetched from the API the first time a list is opened.
  let logRequest = null;
  function setupLogs() {
    document.querySelectorAll('details[data-log]').forEach((details) => {
      details.addEventListener('toggle', async () => {
        if (!details.open || details.dataset.loaded) return;
        const list = details.querySelector('ol');
        const level = details.dataset.log;
        try {
          logRequest = logRequest || api('GET', details.dataset.source);
          const envelope = await logRequest;
          const lines = envelope.data.logs[level] || [];
          list.replaceChildren(...lines.map((line) => { const item = document.createElement('li'); item.textContent = line; return item; }));
          if (!lines.length) list.innerHTML = '<li class="muted">No lines.</li>';
          const note = details.querySelector('.note');
          if (note && envelope.data.logs.truncated[level]) {
            note.textContent = 'Duplicati reported ' + details.dataset.reported + ' lines; ' + lines.length +
              ' are shown. Duplicati sends at most send-http-max-log-lines lines, and pages show at most 1000.';
          }
          details.dataset.loaded = 'true';
          filterLogs();
        } catch (e) {
          list.innerHTML = '';
          const item = document.createElement('li');
          item.textContent = e.message;
          list.appendChild(item);
          toast(e.message, true);
        }
      });
    });
    const search = document.getElementById('log-search');
    if (search) { search.hidden = false; search.addEventListener('input', filterLogs); }
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

  // Forms and buttons that talk to the JSON API. data-api: URL; data-method; data-confirm: question;
  // data-typed: text the user must type; data-after: "reload" or a URL to open.
  // A form's fields, or those of a field group (a settings row: a <div data-fields> rather than a
  // <form>, because Chromium spends milliseconds on every form it finds, seconds at 1,400 rows).
  function fieldsOf(container) {
    return Array.from(container.elements || container.querySelectorAll('input, select, textarea'));
  }
  function fieldValues(form) {
    const body = {};
    fieldsOf(form).forEach((field) => {
      if (!field.name || field.disabled) return;
      let value;
      if (field.type === 'checkbox' && field.dataset.array !== undefined) {
        body[field.name] = body[field.name] || [];
        if (field.checked) body[field.name].push(Number(field.value));
        return;
      }
      if (field.dataset.headers !== undefined) {
        // "Name: value" lines become the object the API takes; empty leaves the stored ones alone.
        if (!field.value.trim()) return;
        value = {};
        field.value.split('\n').filter((line) => line.includes(':')).forEach((line) => {
          const at = line.indexOf(':');
          value[line.slice(0, at).trim()] = line.slice(at + 1).trim();
        });
      } else if (field.type === 'checkbox') value = field.checked;
      else if (field.type === 'number' || field.dataset.number !== undefined) value = field.value === '' ? null : Number(field.value);
      else if (field.type === 'password' && field.value === '') return;
      else value = field.value;
      const path = field.name.split('.');
      let target = body;
      path.slice(0, -1).forEach((key) => { target = target[key] = target[key] || {}; });
      target[path[path.length - 1]] = value;
    });
    return body;
  }
  // data-from names the answer's member a field shows when the API reads it under another name.
  function fillFields(form, data) {
    fieldsOf(form).forEach((field) => {
      if (!field.name) return;
      const value = (field.dataset.from || field.name).split('.').reduce((object, key) => (object == null ? undefined : object[key]), data);
      if (value === undefined || value === null || field.type === 'password') return;
      if (field.type === 'checkbox' && Array.isArray(value)) field.checked = value.map(String).includes(field.value);
      else if (field.type === 'checkbox') field.checked = Boolean(value);
      else field.value = Array.isArray(value) ? value.join(', ') : value;
    });
  }
  function showMessage(element, text, isError) {
    const box = element.querySelector('.message') || (element.form && element.form.querySelector('.message'));
    if (box) { box.textContent = text; box.className = 'message ' + (isError ? 'error' : 'ok'); }
    toast(text, isError);
  }
  async function submit(element, body, contentType) {
    if (element.dataset.confirm && !confirm(element.dataset.confirm)) return false;
    if (element.dataset.typed && prompt('Type ' + element.dataset.typed + ' to confirm') !== element.dataset.typed) return false;
    // A collect or a test notification can take many seconds: the buttons wait, and say so, and
    // a second click or Enter meanwhile sends nothing.
    if (element.busy) return false;
    element.busy = true;
    let leaving = false;
    const buttons = element.tagName === 'BUTTON' ? [element] : Array.from(element.querySelectorAll('button'));
    const box = element.querySelector('.message') || (element.form && element.form.querySelector('.message'));
    buttons.forEach((button) => { button.disabled = true; });
    if (box) { box.textContent = 'Working…'; box.className = 'message'; }
    try {
      const envelope = await api(element.dataset.method || 'POST', element.dataset.api, body, contentType);
      // An answer that reports a failure in its data (test-connection) is shown as one.
      const data = envelope.data || {};
      if (data.success === false) { showMessage(element, data.message || 'Failed', true); return false; }
      showMessage(element, envelope.message || (typeof data.message === 'string' && data.message) || 'Done', false);
      const after = element.dataset.after;
      // The page is about to reload or leave: its buttons stay disabled until it does.
      leaving = Boolean(after);
      if (after === 'reload') setTimeout(() => location.reload(), 400);
      else if (after) setTimeout(() => { location.href = after; }, 400);
      else if (element.dataset.show) {
        // data-show-field: one field of the answer as text (a new API token), else the whole answer.
        const field = element.dataset.showField;
        document.getElementById(element.dataset.show).textContent = field ? String(data[field]) : JSON.stringify(envelope.data, null, 2);
      }
      return true;
    } catch (e) {
      showMessage(element, e.message, true);
      return false;
    } finally {
      if (!leaving) {
        element.busy = false;
        buttons.forEach((button) => { button.disabled = false; });
      }
    }
  }
  // Settings: each job row takes its fields from its table's <template>, so the page carries their
  // HTML once rather than once per job. The row names the job's settings key.
  function setupJobControls(root) {
    root.querySelectorAll('tbody[data-controls]').forEach((body) => {
      const template = document.getElementById(body.dataset.controls);
      if (!template) return;
      // The whitespace between the fields is the template's indentation, which a flex row does not
      // show; left in, each row's copy carried it as text nodes (about 7,700 of them at 700 jobs).
      const model = template.content.firstElementChild.cloneNode(true);
      Array.from(model.childNodes).forEach((node) => { if (node.nodeType === Node.TEXT_NODE && !node.data.trim()) node.remove(); });
      body.querySelectorAll('tr[data-key]').forEach((row) => {
        const fields = model.cloneNode(true);
        fields.dataset.wrap = row.dataset.key;
        if (fields.dataset.load) fields.dataset.pick = row.dataset.key;
        const name = row.cells[1].textContent;
        fields.querySelectorAll('[aria-label]').forEach((field) => field.setAttribute('aria-label', field.getAttribute('aria-label') + ' for ' + name));
        row.cells[row.cells.length - 1].appendChild(fields);
      });
    });
  }
  function setupForms(root) {
    root.querySelectorAll('form[data-api]').forEach((form) => {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (form.dataset.bulk) {
          // One request for every job the filter shows; the rows take the values when it succeeds.
          const values = fieldValues(form);
          const rows = Array.from(document.querySelectorAll('#' + form.dataset.bulk + ' tr[data-search]')).filter((row) => !row.hidden);
          const body = {};
          rows.forEach((row) => { const target = row.querySelector('[data-wrap]'); if (target) body[target.dataset.wrap] = values; });
          if (!Object.keys(body).length) { showMessage(form, 'No jobs are shown', true); return; }
          submit(form, body).then((done) => done && rows.forEach((row) => { const target = row.querySelector('[data-wrap]'); if (target) fillFields(target, values); }));
          return;
        }
        const file = form.querySelector('input[type=file]');
        if (file) {
          if (!file.files.length) { showMessage(form, 'Choose an archive first', true); return; }
          submit(form, file.files[0], 'application/gzip');
        } else {
          const body = fieldValues(form);
          // A password sent is not left in the page (they are never shown back either).
          submit(form, form.dataset.wrap ? { [form.dataset.wrap]: body } : body)
            .then((done) => done && form.querySelectorAll('input[type=password]').forEach((field) => { field.value = ''; }));
        }
      });
    });
    root.querySelectorAll('[data-fields][data-api]').forEach((group) => {
      // data-changed-only: send only the fields changed since they were loaded, so saving a job's
      // "check" switch does not also set the interval shown, which would make it the job's own.
      const own = group.querySelector('[name=scheduleConfigured]');
      const changes = () => {
        const values = fieldValues(group);
        if (group.dataset.changedOnly === undefined || !group.loaded) return values;
        const changed = {};
        Object.keys(values).forEach((key) => { if (JSON.stringify(values[key]) !== JSON.stringify(group.loaded[key])) changed[key] = values[key]; });
        // data-schedule: unticking "own schedule" hands the job back to the automatic one; a changed
        // interval or weekdays, or ticking it, makes the interval and weekdays shown the job's own.
        if (group.dataset.schedule !== undefined) {
          const schedule = ['expectedInterval', 'allowedWeekDays'];
          if (changed.scheduleConfigured === false) schedule.forEach((key) => delete changed[key]);
          else if (changed.scheduleConfigured || schedule.some((key) => key in changed)) {
            schedule.forEach((key) => { changed[key] = values[key]; });
            delete changed.scheduleConfigured;
          }
        }
        return changed;
      };
      const save = () => {
        const values = changes();
        if (!Object.keys(values).length) { showMessage(group, 'Nothing changed', false); return; }
        submit(group, group.dataset.wrap ? { [group.dataset.wrap]: values } : values).then((done) => {
          if (!done) return;
          if (own && 'expectedInterval' in values) own.checked = true;
          group.loaded = fieldValues(group);
        });
      };
      const button = group.querySelector('[data-save]');
      if (button) button.addEventListener('click', save);
      // Enter in a text field saves, as in a form; not while an input method composes, nor again
      // while the key is held.
      group.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' || event.isComposing || !event.target.matches('input:not([type=checkbox])')) return;
        event.preventDefault();
        if (!event.repeat) save();
      });
    });
    // data-body-form: the body is the button's form as it stands (a URL to test before saving it).
    root.querySelectorAll('button[data-api]').forEach((button) => {
      const body = () => (button.dataset.bodyForm !== undefined ? fieldValues(button.form) : button.dataset.body ? JSON.parse(button.dataset.body) : undefined);
      button.addEventListener('click', () => submit(button, body()));
    });
    // Forms and field groups that load the same endpoint share one request: on the settings page
    // both of every job's rows load the job settings (1,400 requests for one answer at 700 jobs).
    const loads = new Map();
    root.querySelectorAll('[data-load]').forEach(async (form) => {
      try {
        if (!loads.has(form.dataset.load)) loads.set(form.dataset.load, api('GET', form.dataset.load));
        const envelope = await loads.get(form.dataset.load);
        let data = form.dataset.pick ? envelope.data[form.dataset.pick] : envelope.data;
        // data-schedule: a job without a schedule of its own shows the one inferred from its runs
        // (no weekdays inferred means every day, as in the API).
        if (form.dataset.schedule !== undefined && data && data.source === 'inferred') {
          const days = data.inferredWeekDays && data.inferredWeekDays.length ? data.inferredWeekDays : [0, 1, 2, 3, 4, 5, 6];
          data = Object.assign({}, data, { expectedInterval: data.inferredInterval, allowedWeekDays: days });
        }
        fillFields(form, data);
        form.loaded = fieldValues(form);
        const subscribe = form.querySelector('[data-subscribe]');
        if (subscribe && envelope.data.url && envelope.data.topic) {
          const address = envelope.data.url.replace(/\/?$/, '/') + encodeURIComponent(envelope.data.topic);
          subscribe.textContent = 'Subscribe on a phone: open ';
          const link = document.createElement('a');
          link.href = address;
          link.textContent = address;
          subscribe.appendChild(link);
          subscribe.appendChild(document.createTextNode(' or add the topic in the ntfy app.'));
        }
      } catch (e) {
        const box = form.querySelector('.message');
        if (box) { box.textContent = e.message; box.className = 'message error'; }
      }
    });
    root.querySelectorAll('button[data-reset]').forEach((button) => {
      button.addEventListener('click', async () => {
        try {
          const envelope = await api('GET', button.dataset.reset);
          fillFields(button.form, envelope.data[button.dataset.pick]);
          showMessage(button.form, 'Default restored here; save to keep it', false);
        } catch (e) { showMessage(button.form, e.message, true); }
      });
    });
    root.querySelectorAll('button[data-csv]').forEach((button) => {
      button.addEventListener('click', () => {
        const table = document.getElementById(button.dataset.csv);
        const quote = (text) => '"' + text.replace(/\s+/g, ' ').trim().replace(/"/g, '""') + '"';
        // A time cell gives its absolute time only: its relative time and its note (why a job is
        // not checked) are for reading, not data.
        const text = (cell) => { const time = cell.querySelector('time'); return time ? time.textContent : cell.textContent; };
        const rows = Array.from(table.rows).map((row) => Array.from(row.cells).slice(0, 3).map((cell) => quote(text(cell))).join(','));
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([rows.join('\r\n') + '\r\n'], { type: 'text/csv' }));
        link.download = 'duplistatus-monitoring.csv';
        link.click();
      });
    });
    root.querySelectorAll('select[data-autosubmit]').forEach((select) => select.addEventListener('change', () => select.form.submit()));
    root.querySelectorAll('tr[data-href]').forEach((row) => {
      row.classList.add('clickable');
      row.addEventListener('click', (event) => { if (!event.target.closest('a, button')) location.href = row.dataset.href; });
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
    setupJobControls(document);
    setupForms(document);
    setupLogs();
    enhance(document);
    setupRefresh();
  });
})();
