import {
  escapeHtml, formatDate, gql, makeSortable, renderHeader, requireLogin, resort, showError,
} from "./app.js";

requireLogin();
renderHeader("worklist.html");

const WORKLIST = `query Worklist($filter: WorklistFilterInput, $after: String) {
  worklist(filter: $filter, first: 50, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { gapId kind labelRu patientId patientName birthDate since overdueDays
      urgency detail rule codeRu organizationName district site } }
  }
}`;

const form = document.getElementById("worklist-filters");
const target = document.getElementById("worklist");
const more = document.getElementById("more");
let cursor = null;
let appliedFilter = null; // the filter of the rows on screen: "Показать ещё" pages with it

async function fillOptions() {
  try {
    const data = await gql(`{ gapKinds { kind labelRu }
      analyticsOptions { districts organizations { key label } } }`);
    const add = (select, items) => items.forEach(([value, label]) =>
      select.append(new Option(label, value)));
    add(form.elements.district, data.analyticsOptions.districts.map((d) => [d, d]));
    add(form.elements.organizationOid, data.analyticsOptions.organizations.map((o) => [o.key, o.label]));
    add(form.elements.gapKind, data.gapKinds.map((k) => [k.kind, k.labelRu]));
  } catch (error) {
    const note = document.createElement("p");
    note.className = "error";
    note.setAttribute("role", "alert");
    note.textContent = `Списки фильтров не загружены: ${error.message || error}`;
    form.after(note);
  }
}

// The first day of the chosen period, as the API's Date (YYYY-MM-DD, local calendar).
function periodStart(days) {
  if (!days) return null;
  const start = new Date();
  start.setDate(start.getDate() - Number(days));
  const pad = (n) => String(n).padStart(2, "0");
  return `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
}

function currentFilter() {
  const data = new FormData(form);
  const minOverdue = data.get("minOverdueDays");
  return {
    sinceFrom: periodStart(data.get("period")),
    district: data.get("district") || null,
    organizationOid: data.get("organizationOid") || null,
    site: data.get("site").trim() || null,
    gapKinds: data.get("gapKind") ? [data.get("gapKind")] : null,
    minOverdueDays: minOverdue === "" ? null : Number(minOverdue),
  };
}

function row(item) {
  return `<tr data-testid="worklist-row">
    <td class="num">${item.urgency}</td>
    <td><a href="passport.html?id=${encodeURIComponent(item.patientId)}">${escapeHtml(item.patientName)}</a>
      <div class="muted">${formatDate(item.birthDate)}</div></td>
    <td>${escapeHtml(item.labelRu)}${item.codeRu
      ? ` <span class="badge" data-testid="gap-code">${escapeHtml(item.codeRu)}</span>` : ""}</td>
    <td>${formatDate(item.since)}</td>
    <td class="num">${item.overdueDays}</td>
    <td>${escapeHtml(item.organizationName || "—")}</td>
    <td>${escapeHtml(item.district || "—")}</td>
    <td>${escapeHtml(item.site || "—")}</td>
    <td>${escapeHtml(item.detail || "")}</td></tr>`;
}

// The server orders the list by urgency and sends it a page at a time: a click on a column
// can only reorder the rows on screen, and the note under the table says so.
function showSortNote(table, shown, total) {
  const note = document.getElementById("worklist-sort-note");
  const partial = total !== null && total !== undefined && shown < total;
  note.hidden = !partial;
  note.textContent = partial
    ? `Список упорядочен по срочности; сортировка по столбцу — среди показанных ${shown} из ${total}.`
    : "";
  table?.querySelectorAll("th").forEach((th) => {
    th.title = partial ? `Сортировать показанные строки (${shown} из ${total})` : "Сортировать";
  });
}

async function load(append = false) {
  if (!append) {
    appliedFilter = currentFilter();
    target.setAttribute("aria-busy", "true");
    if (!target.querySelector("table")) target.innerHTML = "<p class=muted>Загрузка…</p>";
  }
  more.disabled = true;
  const totalLine = document.getElementById("worklist-total");
  try {
    const data = await gql(WORKLIST, { filter: appliedFilter, after: append ? cursor : null });
    const page = data.worklist;
    cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    const since = appliedFilter.sinceFrom;
    totalLine.textContent =
      `Найдено разрывов: ${page.totalCount ?? page.edges.length}`
      + (since ? `, выявленных с ${formatDate(since)}` : " за всё время");
    const rows = page.edges.map((e) => row(e.node)).join("");
    if (append) {
      const table = target.querySelector("table");
      table.tBodies[0].insertAdjacentHTML("beforeend", rows);
      resort(table);
      showSortNote(table, table.querySelectorAll("[data-testid=worklist-row]").length,
        page.totalCount);
      return;
    }
    target.innerHTML = `<table id="worklist-table"><thead><tr><th>Срочность</th><th>Пациент</th>
      <th>Разрыв</th><th>С</th><th>Просрочка, дн.</th><th>Организация</th><th>Район</th>
      <th>Локализация</th><th>Подробности</th></tr></thead>
      <tbody>${rows || '<tr><td colspan="9" class="muted">Разрывов нет</td></tr>'}</tbody></table>`;
    const table = target.querySelector("table");
    makeSortable(table);
    showSortNote(table, page.edges.length, page.totalCount);
  } catch (error) {
    if (!append) {
      // A refused filter (a site code not understood…) leaves no list to count or sort.
      totalLine.textContent = "";
      more.hidden = true;
      showSortNote(null, 0, 0);
    }
    showError(target, error);
  } finally {
    more.disabled = false;
    target.removeAttribute("aria-busy");
  }
}

form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
form.addEventListener("reset", () => setTimeout(load, 0));
more.addEventListener("click", () => load(true));
fillOptions();
load();
