// The quarantine for administrators: what could not be ingested (GET /quarantine), one
// item's text as received (GET /quarantine/{id}), corrected and replayed
// (POST /quarantine/{id}/replay) — api/routes/quarantine.py.
import {
  api, escapeHtml, formatDateTime, makeSortable, renderHeader, requireLogin, showError,
} from "./app.js";

const current = requireLogin();
renderHeader("quarantine.html");

const LIMIT = 500;
const form = document.getElementById("quarantine-filters");
const list = document.getElementById("quarantine");
const total = document.getElementById("quarantine-total");
const panel = document.getElementById("item");
const raw = document.getElementById("raw");
const result = document.getElementById("replay-result");
const replayButton = document.getElementById("replay");
const windows1251Button = document.getElementById("as-1251");
let opened = null; // the item shown in the panel, as GET /quarantine/{id} gave it

const millis = (iso) => (iso ? new Date(iso).getTime() : "");

function recordList(keys) {
  return keys?.length ? keys.map((k) => `<code>${escapeHtml(k)}</code>`).join(", ") : "—";
}

function row(item, replayed) {
  return `<tr class="selectable" tabindex="0" data-testid="quarantine-row"
      data-id="${escapeHtml(item.quarantineId)}" title="Открыть исходный текст">
    <td data-sort="${millis(item.receivedAt)}">${formatDateTime(item.receivedAt)}</td>
    <td>${escapeHtml(item.source || "—")}</td><td title="${escapeHtml(item.location || "")}">${escapeHtml(item.locationRu || item.location || "—")}</td>
    <td>${escapeHtml(item.reason || "—")}</td>
    ${replayed ? `<td data-sort="${millis(item.replayedAt)}">${formatDateTime(item.replayedAt)}</td>
      <td>${recordList(item.replayedAs)}</td>` : ""}</tr>`;
}

async function showList() {
  const status = form.elements.status.value;
  const replayed = status === "replayed";
  list.setAttribute("aria-busy", "true");
  if (!list.querySelector("table")) list.innerHTML = "<p class=muted>Загрузка…</p>";
  try {
    const items = await api(`/quarantine?status=${status}&limit=${LIMIT}`);
    const what = replayed ? "Повторно загруженных записей" : "Открытых записей";
    total.textContent = `${what}: ${items.length}`
      + (items.length === LIMIT ? ` (показаны последние ${LIMIT})` : "");
    if (!items.length) {
      list.innerHTML = `<p data-testid="quarantine-empty">${replayed
        ? "Повторно загруженных записей нет."
        : "Карантин пуст: всё полученное загружено."}</p>`;
      return;
    }
    list.innerHTML = `<table id="quarantine-table"><thead><tr><th>Получено</th><th>Источник</th>
      <th>Место в файле или запросе</th><th>Причина</th>${replayed
        ? "<th>Загружено повторно</th><th>Стало записями</th>" : ""}</tr></thead>
      <tbody>${items.map((item) => row(item, replayed)).join("")}</tbody></table>`;
    makeSortable(list.querySelector("table"));
    markSelected();
  } catch (error) {
    total.textContent = "";
    showError(list, error);
  } finally {
    list.removeAttribute("aria-busy");
  }
}

function markSelected() {
  list.querySelectorAll("tr[data-id]").forEach((tr) => {
    tr.classList.toggle("selected", tr.dataset.id === opened?.quarantineId);
  });
}

function fact(label, value) {
  return `<dt>${label}</dt><dd>${value}</dd>`;
}

function showFacts(item) {
  const replayed = item.status === "replayed";
  document.getElementById("item-facts").innerHTML = [
    fact("Идентификатор", `<code>${escapeHtml(item.quarantineId)}</code>`),
    fact("Получено", formatDateTime(item.receivedAt)),
    fact("Источник", escapeHtml(item.source || "—")),
    fact("Место в файле или запросе", escapeHtml(item.locationRu || item.location || "—")),
    fact("Причина", escapeHtml(item.reason || "—")),
    fact("Состояние", replayed
      ? `загружено повторно ${formatDateTime(item.replayedAt)}; стало записями: ${recordList(item.replayedAs)}`
      : "открыто: ждёт исправления"),
  ].join("");
  replayButton.hidden = replayed;
  raw.readOnly = replayed;
}

async function openItem(id) {
  panel.hidden = false;
  result.innerHTML = "";
  document.getElementById("item-title").textContent = `Запись карантина ${id.slice(0, 12)}`;
  document.getElementById("item-facts").innerHTML = "";
  raw.value = "Загрузка…";
  try {
    opened = await api(`/quarantine/${encodeURIComponent(id)}`);
  } catch (error) {
    opened = null;
    raw.value = "";
    showError(result, error);
    return;
  }
  markSelected();
  showFacts(opened);
  raw.value = opened.raw ?? "";
  const note = document.getElementById("item-note");
  note.hidden = !opened.rawNote;
  note.textContent = opened.rawNote || "";
  windows1251Button.hidden = !opened.rawAsWindows1251 || opened.status === "replayed";
  panel.scrollIntoView({ block: "nearest" });
}

function showOutcome(outcome) {
  if (outcome.status === "replayed") {
    result.innerHTML = `<p class="good" role="status">Загружено повторно. ${outcome.records.length
      ? `Стало записями: ${recordList(outcome.records)}.`
      : "В тексте не оказалось ни одной записи."}</p>`;
    return;
  }
  result.innerHTML = `<div class="error" role="alert"><p>Запись по-прежнему не принимается.
    ${outcome.reasons.length > 1 ? "Причины" : "Причина"} (сообщение проверки):</p>
    <ul>${outcome.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>
    <p>Исправьте текст и загрузите повторно.</p></div>`;
}

async function replay() {
  if (!opened) return;
  const text = raw.value;
  if (!text.trim()) {
    showError(result, "Текст пуст: вставьте запись FHIR в формате JSON или верните исходный текст.");
    return;
  }
  // The stored text unchanged is replayed as stored (bytes not in UTF-8 stay bytes).
  const body = text === opened.raw ? undefined : { corrected: text };
  replayButton.disabled = true;
  result.innerHTML = "<p class=muted>Загрузка повторно…</p>";
  try {
    const outcome = await api(`/quarantine/${encodeURIComponent(opened.quarantineId)}/replay`,
      { method: "POST", body });
    showOutcome(outcome);
    if (outcome.status === "replayed") {
      opened = { ...opened, status: "replayed", replayedAt: new Date().toISOString(),
                 replayedAs: outcome.records };
      showFacts(opened);
      windows1251Button.hidden = true;
    }
    await showList();
  } catch (error) {
    showError(result, error);
  } finally {
    replayButton.disabled = false;
  }
}

function rowEvent(event) {
  const tr = event.target.closest("tr[data-id]");
  if (!tr) return;
  if (event.type === "keydown") {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
  }
  openItem(tr.dataset.id);
}

if (current.role === "admin") {
  list.addEventListener("click", rowEvent);
  list.addEventListener("keydown", rowEvent);
  form.addEventListener("submit", (event) => { event.preventDefault(); showList(); });
  form.elements.status.addEventListener("change", showList);
  replayButton.addEventListener("click", replay);
  document.getElementById("restore").addEventListener("click", () => {
    if (opened) raw.value = opened.raw ?? "";
    result.innerHTML = "";
  });
  windows1251Button.addEventListener("click", () => {
    if (opened?.rawAsWindows1251) raw.value = opened.rawAsWindows1251;
  });
  showList();
} else {
  document.getElementById("quarantine-page").innerHTML = `<p class="error" role="alert">Карантин
    доступен только администратору: в нём исходные данные пациентов всех организаций, ещё не
    проверенные и не разделённые по правам доступа. Если запись из вашей организации не
    загрузилась, обратитесь к администратору системы.</p>`;
}
