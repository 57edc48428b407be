import {
  doneLoading, download, escapeHtml, formatMonth, formatValue, gql, makeSortable, renderHeader,
  requireLogin, showError, showLoading,
} from "./app.js";
import { breakdownChart, dynamicsChart, survivalChart, survivalCohort } from "./charts.js";

requireLogin();
renderHeader("analytics.html");

const form = document.getElementById("analytics-filters");
const indicatorSelect = document.getElementById("dynamics-indicator");
const charts = {};
let units = {}; // indicator code → "share" | "ratio"

function params() {
  const data = new FormData(form);
  const typed = Number(data.get("year"));
  const year = Number.isInteger(typed) && typed >= 1990 && typed <= 2100 ? typed
    : new Date().getFullYear() - 1;
  if (year !== typed) form.elements.year.value = year; // an empty field: last year, shown
  return { year, filters: {
    district: data.get("district") || null, organizationOid: data.get("organizationOid") || null,
    siteRow: data.get("siteRow") || null } };
}

function replaceChart(name, make) {
  charts[name]?.destroy();
  charts[name] = make();
}

async function loadIndicators() {
  const { year, filters } = params();
  const target = document.getElementById("indicators");
  showLoading(target);
  try {
    const data = await gql(`query($year: Int!, $f: AnalyticsFilterInput) {
      indicators(year: $year, filters: $f) { code label unit numerator denominator value target lowerIsBetter formulaRu }
      sanityRatio(year: $year, filters: $f) { mortality stageIvSharePreviousYear ratio alarming } }`,
    { year, f: filters });
    target.innerHTML = `<table><thead><tr><th>Показатель</th><th>Числитель</th><th>Знаменатель</th>
      <th>Значение</th><th>Цель</th></tr></thead><tbody>${data.indicators.map((v) => {
        const verdict = v.target === null || v.value === null ? "" :
          ((v.lowerIsBetter ? v.value <= v.target : v.value >= v.target) ? "good" : "bad");
        return `<tr data-code="${v.code}"><td>${escapeHtml(v.label)}
          <small class="muted formula" data-testid="indicator-formula">${escapeHtml(v.formulaRu)}</small></td><td class="num">${v.numerator}</td>
          <td class="num">${v.denominator}</td><td class="num ${verdict}">${formatValue(v.value, v.unit)}</td>
          <td class="num">${v.target === null ? "—" : formatValue(v.target, "share")}</td></tr>`;
      }).join("") || '<tr><td colspan="5" class="muted">нет данных</td></tr>'}</tbody></table>`;
    makeSortable(target.querySelector("table"));
    const s = data.sanityRatio;
    document.getElementById("sanity").innerHTML = `Контрольное соотношение: одногодичная летальность
      ${formatValue(s.mortality, "share")} / доля IV стадии прошлого года
      ${formatValue(s.stageIvSharePreviousYear, "share")} = <b class="${s.alarming ? "bad" : "good"}">
      ${formatValue(s.ratio, "ratio")}</b>${s.alarming ? " — ≥ 1: возможна недооценка стадии или несвязанные смерти" : ""}`;
  } catch (error) {
    showError(target, error);
  } finally {
    doneLoading(target);
  }
}

async function loadDynamics() {
  const { year, filters } = params();
  const code = indicatorSelect.value;
  const dimension = document.getElementById("dimension").value;
  const target = document.getElementById("breakdown");
  showLoading(target);
  try {
    const data = await gql(`query($code: String!, $year: Int!, $d: String!, $f: AnalyticsFilterInput) {
      indicatorDynamics(code: $code, year: $year, filters: $f) { month numerator denominator value }
      indicatorBreakdown(code: $code, year: $year, dimension: $d, filters: $f) { key label numerator denominator value } }`,
    { code, year, d: dimension, f: filters });
    const label = indicatorSelect.selectedOptions[0]?.textContent ?? code;
    const unit = units[code] || "share";
    replaceChart("dynamics", () => dynamicsChart(document.getElementById("dynamics-chart"),
      data.indicatorDynamics, label, null, unit));
    const months = data.indicatorDynamics.map((m) => `<tr><td data-sort="${escapeHtml(m.month)}">${formatMonth(m.month)}</td>
      <td class="num">${m.numerator}</td><td class="num">${m.denominator}</td>
      <td class="num">${formatValue(m.value, unit)}</td></tr>`).join("");
    target.innerHTML = `<table><thead><tr><th>Разрез</th><th>Числитель</th><th>Знаменатель</th><th>Значение</th></tr></thead>
      <tbody>${data.indicatorBreakdown.map((i) => `<tr><td>${escapeHtml(i.label)}</td><td class="num">${i.numerator}</td>
        <td class="num">${i.denominator}</td><td class="num">${formatValue(i.value, unit)}</td></tr>`).join("")
        || '<tr><td colspan="4" class="muted">нет данных в этом разрезе</td></tr>'}</tbody></table>
      <details><summary>Значения по месяцам</summary><table data-testid="dynamics-table"><thead><tr><th>Месяц</th>
        <th>Числитель</th><th>Знаменатель</th><th>Значение</th></tr></thead><tbody>${months
        || '<tr><td colspan="4" class="muted">нет данных</td></tr>'}</tbody></table></details>`;
    target.querySelectorAll("table").forEach(makeSortable);
  } catch (error) {
    showError(target, error);
  } finally {
    doneLoading(target);
  }
}

async function loadSurvival() {
  const { year, filters } = params();
  const by = document.getElementById("survival-by").value;
  const target = document.getElementById("survival");
  showLoading(target);
  try {
    const data = await gql(`query($first: Int!, $last: Int!, $by: String!, $f: AnalyticsFilterInput) {
      survival(firstYear: $first, lastYear: $last, by: $by, filters: $f) {
        group patients deaths oneYear fiveYear points { month survival } } }`,
    { first: survivalCohort(year).first, last: year, by, f: filters });
    replaceChart("survival", () => survivalChart(document.getElementById("survival-chart"), data.survival));
    target.innerHTML = `<p class="muted" data-testid="survival-cohort">Когорта: ${
      survivalCohort(year).label}</p><table><thead><tr><th>Группа</th><th>Пациентов</th><th>Умерло</th>
      <th>1-летняя выживаемость</th><th>5-летняя выживаемость</th></tr></thead><tbody>${data.survival.map((c) =>
        `<tr><td>${escapeHtml(c.group)}</td><td class="num">${c.patients}</td><td class="num">${c.deaths}</td>
        <td class="num">${formatValue(c.oneYear, "share")}</td><td class="num">${formatValue(c.fiveYear, "share")}</td></tr>`).join("")}
      </tbody></table>${data.survival.length ? "" : '<p class="muted">Нет пациентов с диагнозом за эти годы.</p>'}`;
    makeSortable(target.querySelector("table"));
  } catch (error) {
    showError(target, error);
  } finally {
    doneLoading(target);
  }
}

async function start() {
  const data = await gql(`{ analyticsOptions { districts organizations { key label } siteRows { key label }
    indicators { key label unit } } }`);
  const o = data.analyticsOptions;
  units = Object.fromEntries(o.indicators.map((x) => [x.key, x.unit]));
  const add = (select, items) => items.forEach(([v, l]) => select.append(new Option(l, v)));
  add(form.elements.district, o.districts.map((d) => [d, d]));
  add(form.elements.organizationOid, o.organizations.map((x) => [x.key, x.label]));
  add(form.elements.siteRow, o.siteRows.map((x) => [x.key, x.label]));
  add(indicatorSelect, o.indicators.map((x) => [x.key, x.label]));
  form.elements.year.value = new Date().getFullYear() - 1;
  refresh();
}

function refresh() {
  loadIndicators();
  loadDynamics();
  loadSurvival();
}

form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
indicatorSelect.addEventListener("change", loadDynamics);
document.getElementById("dimension").addEventListener("change", loadDynamics);
document.getElementById("survival-by").addEventListener("change", loadSurvival);
document.getElementById("survival-png").addEventListener("click", () => {
  const { year, filters } = params();
  const by = document.getElementById("survival-by").value;
  const { first } = survivalCohort(year);
  const query = new URLSearchParams({ firstYear: first, lastYear: year, by });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  download(`/reports/survival.png?${query}`,
    `survival-${first}-${year}.png`).catch((error) => showError(document.getElementById("survival"), error));
});
start().catch((error) => showError(document.getElementById("indicators"), error));
