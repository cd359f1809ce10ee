// The mfunet viewer: uploads a case (or picks a built-in one), follows its status, and pages through its slices
// with the predicted structures laid over each sequence. Plain browser JavaScript, no library: the service draws
// the slices and the label layer as PNGs (GET /api/cases/{id}/slices/{z}.png); this page composes them with the
// chosen opacity and structures.
'use strict';

const SEQUENCES = ['lge', 't2', 'bssfp'];
const POLL_MS = 500;
const VOLUME_KEYS = [['myo', 'myocardium (with scar and edema)'], ['lv', 'LV blood pool'], ['rv', 'RV blood pool'],
  ['scar', 'scar'], ['edema', 'edema']];
const DICE_KEYS = ['myo', 'lv', 'rv', 'scar', 'edema', 'scar_edema'];

const state = {
  token: sessionStorage.getItem('mfunet-token') || '',
  id: null,
  record: null,
  z: 0,
  opacity: 0.45,
  shown: new Set(),
  images: new Map(),
  drawing: 0,
};

const $ = id => document.getElementById(id);

/** fetch() with the token, if one was given; a 401 shows the token form. */
async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (state.token) {
    headers.set('Authorization', 'Bearer ' + state.token);
  }
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) {
    $('auth').hidden = false;
    throw new Error('this service needs its token');
  }
  return response;
}

/** The JSON of a response; an error answer becomes an Error with the service's message. */
async function json(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error || response.status + ' ' + response.statusText);
  }
  return body;
}

function message(text) {
  $('message').textContent = text || '';
}

async function loadService() {
  try {
    const health = await api('/api/health').then(r => r.json());
    $('auth').hidden = true;
    $('service').textContent = health.status === 'ok'
      ? `models: ${health.models.join(', ')} · ${health.queue} waiting`
      : `models ${health.status}…`;
    buildStructureToggles(health.labels);
    const demos = await json(await api('/api/demo-cases'));
    $('demo-case').replaceChildren(...demos.cases.map(name => new Option(name, name)));
    if (health.status !== 'ok') {
      setTimeout(loadService, 2000);
    }
  } catch (e) {
    $('service').textContent = e.message;
  }
}

function buildStructureToggles(labels) {
  const box = $('structures');
  if (box.querySelector('input')) {
    return;
  }
  for (const label of labels) {
    const toggle = document.createElement('input');
    toggle.type = 'checkbox';
    toggle.checked = true;
    toggle.id = 'show-' + label.name;
    toggle.dataset.structure = label.name;
    state.shown.add(label.name);
    toggle.addEventListener('change', () => {
      toggle.checked ? state.shown.add(label.name) : state.shown.delete(label.name);
      draw();
    });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = label.colour;
    const text = document.createElement('label');
    text.append(toggle, swatch, label.name);
    box.append(text);
  }
}

async function submit(path, body) {
  message('');
  try {
    const answer = await json(await api(path, { method: 'POST', body }));
    openCase(answer.id);
  } catch (e) {
    message(e.message);
  }
}

function openCase(id) {
  state.id = id;
  state.record = null;
  state.z = 0;
  state.images.clear();
  history.replaceState(null, '', '#case=' + id);
  $('case').hidden = false;
  poll();
}

async function poll() {
  const id = state.id;
  let record;
  try {
    record = await json(await api(`/api/cases/${id}`));
  } catch (e) {
    $('status').textContent = e.message;
    return;
  }
  if (id !== state.id) {
    return;
  }
  const first = state.record === null;
  const finished = record.status === 'done' && (first || state.record.status !== 'done');
  state.record = record;
  document.body.dataset.caseStatus = record.status;
  $('status').textContent = describe(record);
  if (first) {
    $('slice').max = record.slices - 1;
    state.z = Math.floor((record.slices - 1) / 2);
    $('slice').value = state.z;
  }
  if (first || finished) {
    showResults(record);
    draw();
  }
  if (record.status === 'queued' || record.status === 'running') {
    setTimeout(poll, POLL_MS);
  }
}

function describe(record) {
  switch (record.status) {
    case 'queued':
      return record.queue_position === undefined ? 'queued' : `queued: ${record.queue_position} case(s) ahead`;
    case 'running': {
      const p = record.progress;
      if (!p) {
        return 'segmenting…';
      }
      const model = p.models > 1 ? ` with model ${p.model + 1} of ${p.models}` : '';
      return `segmenting slice ${p.slice + 1} of ${p.slices}${model}`;
    }
    case 'done':
      return `done in ${record.seconds.toFixed(1)} s`;
    default:
      return `failed: ${record.error}`;
  }
}

function showResults(record) {
  const done = record.status === 'done';
  $('download').disabled = !done;
  $('results').hidden = !done;
  if (!done) {
    return;
  }
  const dice = record.dice || null;
  for (const cell of document.querySelectorAll('.dice')) {
    cell.hidden = !dice;
  }
  const rows = VOLUME_KEYS.map(([key, name]) => {
    const row = document.createElement('tr');
    const d = dice && dice[key];
    row.append(cell(name), cell(record.volumes_ml[key].toFixed(1)));
    if (dice) {
      row.append(cell(d === null || d === undefined ? '–' : d.toFixed(3)));
    }
    return row;
  });
  if (dice) {
    const row = document.createElement('tr');
    const d = dice.scar_edema;
    row.append(cell('scar + edema'), cell(''), cell(d === null ? '–' : d.toFixed(3)));
    rows.push(row);
  }
  $('results').tBodies[0].replaceChildren(...rows);
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

/** A slice picture as an ImageBitmap, fetched once per URL. */
function picture(url) {
  if (!state.images.has(url)) {
    const loading = api(url).then(async r => {
      if (!r.ok) {
        throw new Error((await r.json().catch(() => ({}))).error || r.statusText);
      }
      return createImageBitmap(await r.blob());
    });
    loading.catch(() => state.images.delete(url));
    state.images.set(url, loading);
  }
  return state.images.get(url);
}

/** Draws the current slice of each sequence the case has, the chosen structures laid over them. */
async function draw() {
  const record = state.record;
  if (!record) {
    return;
  }
  const serial = ++state.drawing;
  const z = state.z;
  $('slice-label').value = `${z + 1} / ${record.slices}`;
  const base = `/api/cases/${record.id}/slices/${z}.png`;
  const overlay = [...state.shown].sort().join(',');
  try {
    const sequences = SEQUENCES.filter(s => (record.sequences || SEQUENCES).includes(s));
    SEQUENCES.forEach(s => { $('figure-' + s).hidden = !sequences.includes(s); });
    const greys = await Promise.all(sequences.map(s => picture(`${base}?sequence=${s}&overlay=none`)));
    const layer = record.status === 'done' && overlay
      ? await picture(`${base}?sequence=none&overlay=${overlay}`) : null;
    if (serial !== state.drawing) {
      return;
    }
    sequences.forEach((s, i) => {
      const canvas = $('view-' + s);
      canvas.width = greys[i].width;
      canvas.height = greys[i].height;
      const g = canvas.getContext('2d');
      g.imageSmoothingEnabled = false;
      g.drawImage(greys[i], 0, 0);
      if (layer) {
        g.globalAlpha = state.opacity;
        g.drawImage(layer, 0, 0);
        g.globalAlpha = 1;
      }
    });
    $('views').dataset.drawn = `${z}|${layer ? overlay : ''}|${state.opacity}`;
  } catch (e) {
    message(e.message);
  }
}

async function download() {
  try {
    const response = await api(`/api/cases/${state.id}/segmentation.nii.gz`);
    if (!response.ok) {
      throw new Error((await response.json().catch(() => ({}))).error || response.statusText);
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = `case_${state.id}_seg.nii.gz`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  } catch (e) {
    message(e.message);
  }
}

async function remove() {
  try {
    const response = await api(`/api/cases/${state.id}`, { method: 'DELETE' });
    if (!response.ok && response.status !== 404) {
      throw new Error((await response.json().catch(() => ({}))).error || response.statusText);
    }
    state.id = null;
    state.record = null;
    $('case').hidden = true;
    delete document.body.dataset.caseStatus;
    history.replaceState(null, '', location.pathname);
  } catch (e) {
    message(e.message);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('auth').addEventListener('submit', event => {
    event.preventDefault();
    state.token = $('token').value.trim();
    sessionStorage.setItem('mfunet-token', state.token);
    loadService();
    if (state.id) {
      poll();
    }
  });
  $('upload').addEventListener('submit', event => {
    event.preventDefault();
    const form = new FormData();
    for (const field of ['lge', 't2', 'bssfp', 'labels']) {
      const file = $(field).files[0];
      if (file) {
        form.append(field, file, file.name);
      }
    }
    submit('/api/cases', form);
  });
  $('demo').addEventListener('submit', event => {
    event.preventDefault();
    submit(`/api/demo-cases/${encodeURIComponent($('demo-case').value)}`);
  });
  $('slice').addEventListener('input', () => {
    state.z = Number($('slice').value);
    draw();
  });
  $('opacity').addEventListener('input', () => {
    state.opacity = Number($('opacity').value);
    draw();
  });
  $('download').addEventListener('click', download);
  $('delete').addEventListener('click', remove);
  loadService();
  const hash = /^#case=([0-9a-f]{32})$/.exec(location.hash);
  if (hash) {
    openCase(hash[1]);
  }
});
