import {
  escapeHtml, formatDate, gql, makeSortable, renderHeader, requireLogin, showError,
} from "./app.js";

requireLogin();
renderHeader("worklist.html");

const WORKLIST = `query Worklist($filter: WorklistFilterInput, $after: String) {
  worklist(filter: $filter, first: 50, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { gapId kind labelRu patientId patientName birthDate since overdueDays
      urgency detail rule organizationName district site } }
  }
}`;

const form = document.getElementById("worklist-filters");
const target = document.getElementById("worklist");
const more = document.getElementById("more");
let cursor = null;

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
    console.warn("filters not filled:", error);
  }
}

function currentFilter() {
  const data = new FormData(form);
  const minOverdue = data.get("minOverdueDays");
  return {
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
    <td>${escapeHtml(item.labelRu)}${item.rule ? ` <span class="badge">${escapeHtml(item.rule)}</span>` : ""}</td>
    <td>${formatDate(item.since)}</td>
    <td class="num">${item.overdueDays}</td>
    <td>${escapeHtml(item.organizationName || "—")}</td>
    <td>${escapeHtml(item.district || "—")}</td>
    <td>${escapeHtml(item.site || "—")}</td>
    <td>${escapeHtml(item.detail || "")}</td></tr>`;
}

async function load(append = false) {
  try {
    const data = await gql(WORKLIST, { filter: currentFilter(), after: append ? cursor : null });
    const page = data.worklist;
    cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    document.getElementById("worklist-total").textContent =
      `Найдено разрывов: ${page.totalCount ?? page.edges.length}`;
    const rows = page.edges.map((e) => row(e.node)).join("");
    if (append) {
      target.querySelector("tbody").insertAdjacentHTML("beforeend", rows);
      return;
    }
    target.innerHTML = `<table id="worklist-table"><thead><tr><th>Срочность</th><th>Пациент</th>
      <th>Разрыв</th><th>С</th><th>Просрочка, дн.</th><th>Организация</th><th>Район</th>
      <th>Локализация</th><th>Подробности</th></tr></thead>
      <tbody>${rows || '<tr><td colspan="9" class="muted">Разрывов нет</td></tr>'}</tbody></table>`;
    makeSortable(target.querySelector("table"));
  } catch (error) {
    showError(target, error);
  }
}

form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
form.addEventListener("reset", () => setTimeout(load, 0));
more.addEventListener("click", () => load(true));
fillOptions();
load();
