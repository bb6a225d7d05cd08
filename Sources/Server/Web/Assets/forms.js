// duplistatus page script, second part: forms and buttons that talk to the JSON API. The server
// serves it right after app.js, in the same file (WebAssets), so app.js's api and toast exist.
(function () {
  'use strict';
  const { api, toast } = window.duplistatus;

  // Forms and buttons that talk to the JSON API. data-api: URL; data-method; data-confirm: question;
  // data-typed: text the user must type; data-after: "reload" or a URL to open; data-refresh: reload
  // the page's regions in place afterwards.
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
  // A channel not configured yet keeps the page's own Enabled (ticked): saving it is setting it up.
  function fillFields(form, data) {
    fieldsOf(form).forEach((field) => {
      if (!field.name || (field.name === 'enabled' && data && data.configured === false)) return;
      const value = (field.dataset.from || field.name).split('.').reduce((object, key) => (object == null ? undefined : object[key]), data);
      if (value === undefined || value === null || field.type === 'password') return;
      if (field.type === 'checkbox' && Array.isArray(value)) field.checked = value.map(String).includes(field.value);
      else if (field.type === 'checkbox') field.checked = Boolean(value);
      else field.value = Array.isArray(value) ? value.join(', ') : value;
    });
  }
  // ntfy: the address a phone subscribes to, from the configuration loaded or just saved.
  function showSubscribe(form, data) {
    const subscribe = form.querySelector('[data-subscribe]');
    if (!subscribe || !data || !data.url || !data.topic) return;
    const address = data.url.replace(/\/?$/, '/') + encodeURIComponent(data.topic);
    subscribe.textContent = 'Subscribe on a phone: open ';
    const link = document.createElement('a');
    link.href = address;
    link.textContent = address;
    subscribe.appendChild(link);
    subscribe.appendChild(document.createTextNode(' or add the topic in the ntfy app.'));
  }
  // A table row whose settings were saved shows what the server now makes of them (a job's next
  // expected run): its cells without controls are taken from the page as the server renders it.
  async function refreshRow(row) {
    if (!row) return;
    try {
      // The page narrowed to this job: the whole one is megabytes at 700 jobs.
      const response = await fetch(location.pathname + '?job=' + encodeURIComponent(row.dataset.key), { headers: { Accept: 'text/html' } });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const table = page.getElementById(row.closest('table').id);
      const fresh = table && Array.from(table.querySelectorAll('tr[data-key]')).find((other) => other.dataset.key === row.dataset.key);
      if (!fresh) return;
      Array.from(row.cells).forEach((cell, index) => {
        if (!cell.querySelector('input, select, button') && fresh.cells[index]) cell.replaceWith(fresh.cells[index].cloneNode(true));
      });
    } catch (e) {
      // The row keeps what it showed; the saved settings are in place either way.
    }
  }
  // Sizes as the pages write them (DisplayFormat.bytes): base 1024, two decimals from KB up.
  function bytesText(bytes) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
    let amount = bytes, unit = 0;
    while (Math.abs(amount) >= 1024 && unit < units.length - 1) { amount /= 1024; unit += 1; }
    return unit === 0 ? amount + ' B' : amount.toFixed(2) + ' ' + units[unit];
  }
  function countText(count, one, many) { return count.toLocaleString('en-US') + ' ' + (count === 1 ? one : many); }
  function storeFigures(figures) {
    return countText(figures.files, 'file', 'files') + ', ' + countText(figures.records, 'record', 'records') + ', ' + bytesText(figures.bytes);
  }
  // What a user reads after a button whose answer is more than a message; the JSON stays in the API.
  const answerText = {
    maintenance(data) {
      const name = { compact: 'Compaction', verify: 'Verification', snapshot: 'Snapshot' }[data.operation] || data.operation;
      const lines = [
        name + ' finished in ' + (data.durationMs < 1000 ? data.durationMs + ' ms.' : (data.durationMs / 1000).toFixed(1) + ' s.'),
        'Before: ' + storeFigures(data.before),
        'After:  ' + storeFigures(data.after),
      ];
      if (!data.problems.length) lines.push(data.operation === 'verify' ? 'No problems found.' : 'No problems.');
      else lines.push(countText(data.problems.length, 'problem', 'problems') + ':', ...data.problems.map((problem) => '  ' + problem));
      return lines.join('\n');
    },
    collectAll(data) {
      if (!data.collected.length && !data.failed.length) return 'No server has a stored Duplicati URL and password.';
      const lines = data.collected.map((server) =>
        (server.serverAlias || server.serverName) + ': ' + countText(server.stats.processed, 'run', 'runs') + ' stored, '
        + server.stats.skipped.toLocaleString('en-US') + ' already here'
        + (server.stats.errors ? ', ' + countText(server.stats.errors, 'error', 'errors') + ' (' + server.problems.join('; ') + ')' : ''));
      data.failed.forEach((server) => lines.push((server.serverName || server.serverId) + ': failed: ' + server.message));
      return lines.join('\n');
    },
  };
  function showMessage(element, text, isError) {
    const box = element.querySelector('.message') || (element.form && element.form.querySelector('.message'));
    if (box) { box.textContent = text; box.className = 'message ' + (isError ? 'error' : 'ok'); }
    toast(text, isError);
  }
  async function submit(element, body, contentType) {
    if (element.dataset.confirm && !confirm(element.dataset.confirm)) return false;
    if (element.dataset.typed) {
      const typed = prompt('Type ' + element.dataset.typed + ' to confirm');
      if (typed !== element.dataset.typed) {
        // Cancelled says nothing; a mistyped word says why nothing happened.
        if (typed !== null) showMessage(element, 'Nothing was done: you typed "' + typed + '", not ' + element.dataset.typed, true);
        return false;
      }
    }
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
        // data-show-as: a known answer's own wording (a maintenance operation, a collect of every server).
        const describe = answerText[element.dataset.showAs];
        document.getElementById(element.dataset.show).textContent =
          field ? String(data[field]) : describe ? describe(data) : JSON.stringify(envelope.data, null, 2);
      }
      // data-refresh: the page's regions show what changed (a new token's row, the store's figures).
      if (!leaving && 'refresh' in element.dataset) window.duplistatus.refreshRegions();
      return envelope.data || true;
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
          submit(form, form.dataset.wrap ? { [form.dataset.wrap]: body } : body).then((done) => {
            if (!done) return;
            form.querySelectorAll('input[type=password]').forEach((field) => { field.value = ''; });
            showSubscribe(form, done);
          });
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
          // A job's schedule moves its next expected run, which the row shows beside the fields.
          if (group.dataset.schedule !== undefined) refreshRow(group.closest('tr[data-key]'));
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
        showSubscribe(form, envelope.data);
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
        // A cell a spreadsheet would take for a formula (a job named "=HYPERLINK(…)" by whoever
        // can upload) starts with an apostrophe, which spreadsheets show as text.
        const quote = (text) => {
          const cell = text.replace(/\s+/g, ' ').trim();
          return '"' + (/^[=+\-@]/.test(cell) ? "'" + cell : cell).replace(/"/g, '""') + '"';
        };
        // A time cell gives its absolute time only: its relative time and its note (why a job is
        // not checked) are for reading, not data. The fields give what they are set to.
        const text = (cell) => { const time = cell.querySelector('time'); return time ? time.textContent : cell.textContent; };
        const settings = (cell) => {
          const field = (name) => cell.querySelector('[name=' + name + ']');
          const days = Array.from(cell.querySelectorAll('[name=allowedWeekDays]')).filter((box) => box.checked);
          return [field('overdueBackupCheckEnabled').checked ? 'yes' : 'no', field('scheduleConfigured').checked ? 'yes' : 'no',
            field('expectedInterval').value, days.map((box) => box.parentElement.textContent.trim()).join(' ')];
        };
        const header = ['Server', 'Backup', 'Next expected run', 'Checked', 'Own schedule', 'Interval', 'Weekdays'];
        const rows = [header.map(quote).join(',')].concat(Array.from(table.tBodies[0].rows).map((row) =>
          Array.from(row.cells).slice(0, 3).map(text).concat(settings(row.cells[3])).map(quote).join(',')));
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([rows.join('\r\n') + '\r\n'], { type: 'text/csv' }));
        link.download = 'duplistatus-monitoring.csv';
        link.click();
      });
    });
    // data-new-topic: a fresh random ntfy topic in the form, like the one the server makes (save to keep it).
    root.querySelectorAll('button[data-new-topic]').forEach((button) => {
      button.addEventListener('click', () => {
        const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
        const random = Array.from(crypto.getRandomValues(new Uint32Array(12)), (value) => letters[value % letters.length]);
        button.form.elements.topic.value = 'duplistatus-' + random.join('');
        showMessage(button.form, 'New topic here; save to keep it', false);
      });
    });
    root.querySelectorAll('select[data-autosubmit]').forEach((select) => select.addEventListener('change', () => select.form.submit()));
    root.querySelectorAll('tr[data-href]').forEach((row) => {
      row.classList.add('clickable');
      row.addEventListener('click', (event) => { if (!event.target.closest('a, button')) location.href = row.dataset.href; });
    });
  }

  Object.assign(window.duplistatus, { setupForms, setupJobControls });
})();
