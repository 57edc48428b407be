import {
  escapeHtml, formatDate, gql, renderHeader, requireLogin, SEX_LABELS, showError,
} from "./app.js";
import { survivalCohort } from "./charts.js";
import { drawWidget, loadWidgetData, widgetYear } from "./widgets.js";

requireLogin();
renderHeader("dashboard.html");

const form = document.getElementById("widget-form");
const grid = document.getElementById("widgets");
const KIND_LABELS = { value: "значение", dynamics: "динамика", breakdown: "разрез", survival: "выживаемость" };
let indicatorLabels = {};
let indicatorUnits = {};
let siteLabels = {};
let organizationLabels = {};
const DIMENSION_LABELS = { district: "по районам", organization: "по организациям", site: "по локализациям",
                           stage: "по стадиям" };
let widgets = [];

async function fillOptions() {
  const data = await gql(`{ analyticsOptions { districts organizations { key label }
    siteRows { key label } indicators { key label unit } } }`);
  const o = data.analyticsOptions;
  indicatorLabels = Object.fromEntries(o.indicators.map((i) => [i.key, i.label]));
  indicatorUnits = Object.fromEntries(o.indicators.map((i) => [i.key, i.unit]));
  siteLabels = Object.fromEntries(o.siteRows.map((x) => [x.key, x.label]));
  organizationLabels = Object.fromEntries(o.organizations.map((x) => [x.key, x.label]));
  const add = (select, items) => items.forEach(([value, label]) => select.append(new Option(label, value)));
  add(form.elements.indicator, o.indicators.map((i) => [i.key, i.label]));
  add(form.elements.district, o.districts.map((d) => [d, d]));
  add(form.elements.organizationOid, o.organizations.map((x) => [x.key, x.label]));
  add(form.elements.siteRow, o.siteRows.map((x) => [x.key, x.label]));
  form.elements.year.value = new Date().getFullYear() - 1;
}

function describe(widget) {
  const c = widget.config;
  const dimension = widget.kind === "breakdown" ? DIMENSION_LABELS[c.dimension]
    : widget.kind === "survival" ? DIMENSION_LABELS[c.dimension === "site" ? "site" : "stage"] : null;
  // a survival widget follows a cohort of several diagnosis years, named as such
  const period = widget.kind === "survival" ? survivalCohort(widgetYear(widget)).label
    : `${widgetYear(widget)} г.`;
  return [KIND_LABELS[widget.kind], dimension, period, c.district,
    c.organizationOid && (organizationLabels[c.organizationOid] || c.organizationOid),
    c.siteRow && (siteLabels[c.siteRow] || c.siteRow)]
    .filter(Boolean).map(escapeHtml).join(" · ");
}

async function drill(button, widget) {
  const target = button.parentElement.querySelector(".drill");
  const c = widget.config;
  try {
    const data = await gql(`query($code: String!, $year: Int!, $part: String!, $f: AnalyticsFilterInput) {
      indicatorPatients(code: $code, year: $year, part: $part, filters: $f) {
        count identitiesAllowed patients { patientId fullName sex birthDate district } } }`,
    { code: widget.indicator, year: widgetYear(widget), part: button.dataset.drill,
      f: { district: c.district || null, organizationOid: c.organizationOid || null, siteRow: c.siteRow || null } });
    const d = data.indicatorPatients;
    target.innerHTML = !d.identitiesAllowed
      ? `<p class="muted">Пациентов: ${d.count}. Списки пациентов аналитикам недоступны.</p>`
      : `<p>Пациентов: ${d.count}</p><ul>${d.patients.map((p) => `<li><a href="passport.html?id=${
        encodeURIComponent(p.patientId)}">${escapeHtml(p.fullName || p.patientId)}</a>,
        ${SEX_LABELS[p.sex] || ""} ${formatDate(p.birthDate)}, ${escapeHtml(p.district || "")}</li>`).join("")}</ul>`;
  } catch (error) {
    showError(target, error);
  }
}

// What a regional official looks at first (analytics/indicators.py); each can be removed.
const STARTER_SET = [
  ["Ранняя выявляемость (I–II стадия)", "value", "early_detection", "district"],
  ["Одногодичная летальность: динамика", "dynamics", "one_year_mortality", "district"],
  ["Морфологическая верификация по районам", "breakdown", "morphological_verification",
    "district"],
  ["Выживаемость по стадиям", "survival", "early_detection", "stage"],
];

async function addStarterSet(event) {
  const button = event.currentTarget;
  button.disabled = true;
  const year = new Date().getFullYear() - 1;  // the last whole year, as the form proposes
  try {
    for (const [position, [title, kind, indicator, dimension]] of STARTER_SET.entries()) {
      const config = { year, district: null, organizationOid: null, siteRow: null, dimension };
      await gql(`mutation($w: DashboardWidgetInput!) { saveDashboardWidget(widget: $w) { widgetId } }`,
        { w: { title, kind, indicator, configJson: JSON.stringify(config), position } });
    }
    await render();
  } catch (error) {
    button.disabled = false;
    showError(document.getElementById("starter-error"), error);
  }
}

async function render() {
  const data = await gql(`{ dashboardWidgets { widgetId title kind indicator configJson position } }`);
  widgets = data.dashboardWidgets.map((w) => ({ ...w, config: JSON.parse(w.configJson) }));
  grid.innerHTML = widgets.length ? "" :
    `<div data-testid="no-widgets"><p class="muted">Виджетов пока нет: добавьте первый в форме
      выше или начните с основного набора — ранняя выявляемость, одногодичная летальность,
      морфологическая верификация по районам и выживаемость по стадиям за прошлый год.</p>
      <button type="button" id="starter-set">Добавить основной набор</button>
      <div id="starter-error"></div></div>`;
  if (!widgets.length) {
    document.getElementById("starter-set").addEventListener("click", addStarterSet);
  }
  const frames = widgets.map((widget) => {
    const box = document.createElement("section");
    box.className = "widget";
    box.dataset.testid = "widget";
    box.dataset.widgetId = widget.widgetId;
    box.innerHTML = `<h3><span data-testid="widget-title">${escapeHtml(widget.title)}</span>
      <button class="secondary" title="Удалить виджет" data-delete>✕</button></h3>
      <p class="muted">${describe(widget)}</p><div class="body">Загрузка…</div>`;
    box.querySelector("[data-delete]").addEventListener("click", async () => {
      try {
        await gql(`mutation($id: ID!) { deleteDashboardWidget(widgetId: $id) }`, { id: widget.widgetId });
        await render();
      } catch (error) {
        showError(box.querySelector(".body"), error);
      }
    });
    grid.append(box);
    return box.querySelector(".body");
  });
  const { data: results, errors } = await loadWidgetData(widgets);
  widgets.forEach((widget, i) => {
    if (errors[`w${i}`]) {
      showError(frames[i], errors[`w${i}`]);
      return;
    }
    try {
      drawWidget(frames[i], widget, results[`w${i}`], indicatorLabels, indicatorUnits);
      frames[i].querySelectorAll("[data-drill]").forEach((b) =>
        b.addEventListener("click", () => drill(b, widget)));
    } catch (error) {
      showError(frames[i], error);
    }
  });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const config = { year: Number(data.get("year")), district: data.get("district") || null,
    organizationOid: data.get("organizationOid") || null, siteRow: data.get("siteRow") || null,
    dimension: data.get("dimension") };
  try {
    await gql(`mutation($w: DashboardWidgetInput!) { saveDashboardWidget(widget: $w) { widgetId } }`,
      { w: { title: data.get("title"), kind: data.get("kind"), indicator: data.get("indicator"),
             configJson: JSON.stringify(config), position: widgets.length } });
    form.elements.title.value = "";
    document.getElementById("form-error").innerHTML = "";
    await render();
  } catch (error) {
    showError(document.getElementById("form-error"), error);
  }
});

fillOptions().then(render).catch((error) => showError(grid, error));
