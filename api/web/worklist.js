import { escapeHtml, formatDate, gql, renderHeader, requireLogin, showError } from "./app.js";

requireLogin();
renderHeader("worklist.html");

const WORKLIST = `query Worklist($filter: WorklistFilterInput, $sort: WorklistSortInput,
    $after: String) {
  worklist(filter: $filter, sort: $sort, first: 50, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { gapId kind labelRu patientId patientName birthDate since dueOn
      lastEventOn overdueDays urgency detail rule codeRu organizationName district site } }
  }
}`;

// How many gaps the same filter finds over all time: a period hides the pathways stalled
// before it, which a coordinator must still hear of (the totals line offers them).
const ALL_TIME_TOTAL = `query WorklistAllTime($filter: WorklistFilterInput) {
  worklist(filter: $filter, first: 1) { totalCount }
}`;

const form = document.getElementById("worklist-filters");
const target = document.getElementById("worklist");
const more = document.getElementById("more");
// The table's columns. The server sorts the whole list by those naming a field of
// WorklistSortInput (not only the rows on screen: it sends 50 at a time); a first click
// asks for `first` — the most urgent and the most overdue first, the earliest deadline
// first, the patient silent the longest (the oldest last event) first, the others А→Я.
const COLUMNS = [
  { title: "Срочность", by: "URGENCY", first: "DESC",
    hint: "вес вида разрыва × (1 + дни просрочки): чем дольше просрочен важный шаг, тем выше" },
  { title: "Пациент", by: "PATIENT", first: "ASC" },
  { title: "Разрыв", by: "GAP", first: "ASC" },
  { title: "С", by: "SINCE", first: "ASC" },
  { title: "Срок", by: "DUE_ON", first: "ASC" },
  { title: "Просрочка, дн.", by: "OVERDUE_DAYS", first: "DESC",
    hint: "дни после срока: рабочие — для сроков в рабочих днях, иначе календарные; "
      + "у умершего пациента — до дня смерти" },
  { title: "Организация", by: "ORGANIZATION", first: "ASC" },
  { title: "Район", by: "DISTRICT", first: "ASC" },
  { title: "Локализация", by: "SITE", first: "ASC" },
  { title: "Последнее событие", by: "LAST_EVENT_ON", first: "ASC" },
  { title: "Подробности" },
];

const DEFAULT_SORT = { by: "URGENCY", direction: "DESC" }; // the server's default order
// The form's fields, kept in the page's address under the same names (with `sort` and
// `order`), so that a reload, «Назад» or a link sent to a colleague shows the same list.
const FIELDS = ["district", "organizationOid", "site", "gapKind", "minOverdueDays", "period"];
const DEFAULT_PERIOD = "365"; // the form's preselected period; «за всё время» is `all`

let cursor = null;
let sort = DEFAULT_SORT;
// The form's fields, filter and sort of the rows on screen: «Показать ещё» continues with
// them, the address names them.
let shown = { fields: null, filter: null, sort };
let latest = 0; // the number of the last request: an answer to an earlier one is dropped

async function fillOptions() {
  try {
    // worklistDistricts: the server's list for this user (a district coordinator gets only
    // their own), not the region's, which the worklist would not show anyway
    const data = await gql(`{ gapKinds { kind labelRu } worklistDistricts
      analyticsOptions { organizations { key label } } }`);
    const add = (select, items) => items.forEach(([value, label]) =>
      select.append(new Option(label, value)));
    add(form.elements.district, data.worklistDistricts.map((d) => [d, d]));
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

/** The form's fields as text, by name. */
function formFields() {
  const data = new FormData(form);
  return Object.fromEntries(FIELDS.map((name) => [name, String(data.get(name) ?? "").trim()]));
}

/** The API's filter of the form's fields. */
function filterOf(fields) {
  return {
    sinceFrom: periodStart(fields.period),
    district: fields.district || null,
    organizationOid: fields.organizationOid || null,
    site: fields.site || null,
    gapKinds: fields.gapKind ? [fields.gapKind] : null,
    minOverdueDays: fields.minOverdueDays === "" ? null : Number(fields.minOverdueDays),
  };
}

/** The query string of a list: only what differs from the page as it opens. */
function queryOf(fields, order) {
  const query = new URLSearchParams();
  if (order.by !== DEFAULT_SORT.by || order.direction !== DEFAULT_SORT.direction) {
    query.set("sort", order.by);
    query.set("order", order.direction.toLowerCase());
  }
  for (const name of FIELDS) {
    if (name === "period") {
      if (fields.period !== DEFAULT_PERIOD) query.set("period", fields.period || "all");
    } else if (fields[name]) {
      query.set(name, fields[name]);
    }
  }
  return query.toString();
}

/** The fields and sort the address names; what it does not name (or names wrongly, as
 * an unknown column) is the page's default. */
function stateOfAddress() {
  const query = new URLSearchParams(location.search);
  const fields = Object.fromEntries(FIELDS.map((name) => [name, (query.get(name) || "").trim()]));
  const periods = [...form.elements.period.options].map((o) => o.value || "all");
  const period = query.get("period");
  fields.period = !periods.includes(period) ? DEFAULT_PERIOD : period === "all" ? "" : period;
  if (!/^\d+$/.test(fields.minOverdueDays)) fields.minOverdueDays = "";
  const column = COLUMNS.find((c) => c.by && c.by === query.get("sort"));
  const direction = (query.get("order") || "").toUpperCase();
  const order = !column ? DEFAULT_SORT : {
    by: column.by, direction: ["ASC", "DESC"].includes(direction) ? direction : column.first };
  return { fields, sort: order };
}

/** Puts the fields into the form; a value its list lacks (the lists failed to load, or an
 * organisation no longer listed) is added as it is rather than silently dropped. */
function fillForm(fields) {
  for (const name of FIELDS) {
    const element = form.elements[name];
    const value = fields[name];
    if (element instanceof HTMLSelectElement && value
        && ![...element.options].some((o) => o.value === value)) {
      element.append(new Option(value, value));
    }
    element.value = value;
  }
}

/** Keeps the list on screen in the address: a new entry in the history for a new list
 * (`push`: «Назад» returns to the previous one), the same entry when the page opens. */
function remember(mode) {
  if (mode === "none") return;
  const query = queryOf(shown.fields, shown.sort);
  if (query === location.search.replace(/^\?/, "")) return;
  const address = query ? `?${query}` : location.pathname;
  if (mode === "push") history.pushState(null, "", address);
  else history.replaceState(null, "", address);
}

function row(item) {
  return `<tr data-testid="worklist-row">
    <td class="num">${item.urgency}</td>
    <td><a href="passport.html?id=${encodeURIComponent(item.patientId)}">${escapeHtml(item.patientName)}</a>
      <div class="muted">${formatDate(item.birthDate)}</div></td>
    <td>${escapeHtml(item.labelRu)}${item.codeRu
      ? ` <span class="badge" data-testid="gap-code">${escapeHtml(item.codeRu)}</span>` : ""}</td>
    <td>${formatDate(item.since)}</td>
    <td>${formatDate(item.dueOn)}</td>
    <td class="num">${item.overdueDays}</td>
    <td>${escapeHtml(item.organizationName || "—")}</td>
    <td>${escapeHtml(item.district || "—")}</td>
    <td>${escapeHtml(item.site || "—")}</td>
    <td>${formatDate(item.lastEventOn)}</td>
    <td>${escapeHtml(item.detail || "")}</td></tr>`;
}

function headerCell(column) {
  if (!column.by) return `<th>${column.title}</th>`;
  const active = column.by === shown.sort.by;
  const order = shown.sort.direction === "ASC" ? "ascending" : "descending";
  return `<th class="sortable" tabindex="0" data-sort-by="${column.by}"
    title="${column.hint ? `${escapeHtml(column.hint)}. ` : ""}Упорядочить весь список по этому столбцу"${active ? ` aria-sort="${order}"` : ""}>${
    column.title}</th>`;
}

/** A click on the sorted column turns its order round; on another one asks for that
 * column's first order. The list reloads from its first page either way. */
function sortBy(by) {
  const column = COLUMNS.find((c) => c.by === by);
  const flipped = shown.sort.direction === "ASC" ? "DESC" : "ASC";
  sort = { by, direction: shown.sort.by === by ? flipped : column.first };
  load({ keepFilter: true, focus: document.activeElement?.dataset?.sortBy === by });
}

/** Loads the first page (with the form's filter, or with the filter on screen when only
 * the sort changed), or with `append` the next page in the order of the rows shown.
 * `address`: how the address follows a first page (see `remember`). */
async function load({ append = false, keepFilter = false, focus = false,
  address = "push" } = {}) {
  const request = ++latest;
  if (!append) {
    const fields = keepFilter && shown.fields ? shown.fields : formFields();
    shown = { fields, filter: filterOf(fields), sort };
    remember(address);
    target.setAttribute("aria-busy", "true");
    if (!target.querySelector("table")) target.innerHTML = "<p class=muted>Загрузка…</p>";
  }
  more.disabled = true;
  const totalLine = document.getElementById("worklist-total");
  try {
    const since = shown.filter.sinceFrom;
    // asked together with the page, so the hint adds no wait; its failure costs the hint only
    const allTime = !append && since
      ? gql(ALL_TIME_TOTAL, { filter: { ...shown.filter, sinceFrom: null } }).catch(() => null)
      : null;
    const data = await gql(WORKLIST, { filter: shown.filter, sort: shown.sort,
      after: append ? cursor : null });
    if (request !== latest) return; // a later click or filter has taken over
    const page = data.worklist;
    cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    const rows = page.edges.map((e) => row(e.node)).join("");
    if (append) {
      target.querySelector("table").tBodies[0].insertAdjacentHTML("beforeend", rows);
      return;
    }
    const found = page.totalCount ?? page.edges.length;
    totalLine.textContent = `Найдено разрывов: ${found}`
      + (since ? `, выявленных с ${formatDate(since)}` : " за всё время");
    target.innerHTML = `<table id="worklist-table"><thead><tr>${
      COLUMNS.map(headerCell).join("")}</tr></thead>
      <tbody>${rows || `<tr><td colspan="${COLUMNS.length}" class="muted">Разрывов нет</td></tr>`}</tbody></table>`;
    if (focus) target.querySelector(`th[data-sort-by="${shown.sort.by}"]`)?.focus();
    // the rows are on screen; the count of the older gaps follows when it comes
    allTime?.then((all) => {
      const earlier = (all?.worklist?.totalCount ?? found) - found;
      if (request === latest && earlier > 0) offerAllTime(totalLine, earlier);
    });
  } catch (error) {
    if (request !== latest) return;
    if (!append) {
      // A refused filter (a site code not understood…) leaves no list to count or sort.
      totalLine.textContent = "";
      more.hidden = true;
    }
    showError(target, error);
  } finally {
    if (request === latest) {
      more.disabled = false;
      target.removeAttribute("aria-busy");
    }
  }
}

/** «; ещё 3 выявлены раньше и не закрыты», «; ещё 21 выявлен раньше и не закрыт»: the
 * verbs agree with the number (1, 21, 31… but not 11 take the singular). */
export function earlierGapsText(count) {
  const singular = count % 10 === 1 && count % 100 !== 11;
  return `; ещё ${count} ${singular ? "выявлен раньше и не закрыт" : "выявлены раньше и не закрыты"} — `;
}

/** The open gaps the period hides, counted, and a button showing them: the list on screen
 * (its applied filters, not edits in the form not yet applied) over all time. */
function offerAllTime(totalLine, earlier) {
  totalLine.append(earlierGapsText(earlier));
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link";
  button.dataset.testid = "show-all-time";
  button.textContent = earlier === 1 ? "показать его" : "показать их";
  button.addEventListener("click", () => {
    fillForm({ ...shown.fields, period: "" });
    load();
  });
  totalLine.append(button);
}

/** The list the address names: on opening the page, and on «Назад»/«Вперёд». */
function loadAddress(address) {
  const state = stateOfAddress();
  fillForm(state.fields);
  sort = state.sort;
  return load({ address });
}

form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
form.addEventListener("reset", () => setTimeout(load, 0));
more.addEventListener("click", () => load({ append: true }));
// The table is rebuilt on every load: its headers are listened to from the container.
target.addEventListener("click", (event) => {
  const header = event.target.closest("th[data-sort-by]");
  if (header) sortBy(header.dataset.sortBy);
});
target.addEventListener("keydown", (event) => {
  const header = event.target.closest("th[data-sort-by]");
  if (header && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    sortBy(header.dataset.sortBy);
  }
});
window.addEventListener("popstate", () => loadAddress("none"));
// The lists first, so that the address's district, organisation and gap kind find their
// options; then the list the address names (a default one is not written into it).
fillOptions().then(() => loadAddress("replace"));
