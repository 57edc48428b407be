// One GraphQL request for up to 20 widgets of the dashboard (aliases w0, w1 …: the server
// allows 20 aliases a request), so the server loads the year's data once, then each
// widget draws its part; a widget whose field failed shows its own error.
import { escapeHtml, formatMonth, formatValue, gqlPartial, makeSortable } from "./app.js";
import { breakdownChart, dynamicsChart, survivalChart, survivalCohort } from "./charts.js";

const VALUE = "code label unit numerator denominator value target lowerIsBetter drillable formulaRu";

const ALIASES_PER_REQUEST = 20; // api/graphql/passport_limits.py MAX_ALIASES

/** The year a widget shows: its own, or last year when it was saved without one. */
export function widgetYear(widget) {
  return Number(widget.config.year) || new Date().getFullYear() - 1;
}

function selection(widget, index) {
  const c = widget.config;
  const v = (name) => `$${name}${index}`;
  const filters = { district: c.district || null, organizationOid: c.organizationOid || null,
                    siteRow: c.siteRow || null };
  const year = widgetYear(widget);
  const variables = { [`f${index}`]: filters, [`y${index}`]: year, [`c${index}`]: widget.indicator };
  const declare = [`${v("f")}: AnalyticsFilterInput`, `${v("y")}: Int!`, `${v("c")}: String!`];
  let field;
  if (widget.kind === "value") {
    field = `indicators(year: ${v("y")}, filters: ${v("f")}, codes: [${v("c")}]) { ${VALUE} }`;
  } else if (widget.kind === "dynamics") {
    field = `indicatorDynamics(code: ${v("c")}, year: ${v("y")}, filters: ${v("f")}) { month numerator denominator value }`;
  } else if (widget.kind === "breakdown") {
    variables[`d${index}`] = ["district", "organization", "site"].includes(c.dimension) ? c.dimension : "district";
    declare.push(`${v("d")}: String!`);
    field = `indicatorBreakdown(code: ${v("c")}, year: ${v("y")}, dimension: ${v("d")}, filters: ${v("f")}) { key label numerator denominator value }`;
  } else {
    variables[`b${index}`] = c.dimension === "site" ? "site" : "stage";
    declare.push(`${v("b")}: String!`);
    delete variables[`c${index}`];
    declare.splice(2, 1);
    field = `survival(firstYear: ${survivalCohort(year).first}, lastYear: ${v("y")}, by: ${v("b")}, filters: ${v("f")}) { group patients deaths oneYear fiveYear points { month survival } }`;
  }
  return { declare, variables, field: `w${index}: ${field}` };
}

/** Each widget's data or its error: `{ data: {w0: …}, errors: {w3: "message"} }`. */
export async function loadWidgetData(widgets) {
  const data = {};
  const errors = {};
  for (let first = 0; first < widgets.length; first += ALIASES_PER_REQUEST) {
    const parts = widgets.slice(first, first + ALIASES_PER_REQUEST)
      .map((widget, offset) => selection(widget, first + offset));
    const document = `query Dashboard(${parts.flatMap((p) => p.declare).join(", ")}) {
      ${parts.map((p) => p.field).join("\n")} }`;
    try {
      const answer = await gqlPartial(document, Object.assign({}, ...parts.map((p) => p.variables)));
      Object.assign(data, answer.data);
      for (const error of answer.errors) {
        const alias = error.path?.[0];
        if (alias) errors[alias] = errors[alias] ? `${errors[alias]}; ${error.message}` : error.message;
      }
    } catch (error) {
      parts.forEach((_, offset) => { errors[`w${first + offset}`] = error.message || String(error); });
    }
  }
  return { data, errors };
}

function percentCell(value, unit) {
  return `<td class="num">${formatValue(value, unit)}</td>`;
}

export function drawWidget(body, widget, data, indicatorLabels, units = {}) {
  const label = indicatorLabels[widget.indicator] || widget.indicator || "";
  const unit = units[widget.indicator] || "share";
  if (!data || !data.length) {
    body.innerHTML = '<p class="muted">Нет данных за этот период и с этими фильтрами.</p>';
    return;
  }
  if (widget.kind === "value") {
    const v = data[0];
    const verdict = v.target === null || v.value === null ? "" :
      ((v.lowerIsBetter ? v.value <= v.target : v.value >= v.target) ? "good" : "bad");
    body.innerHTML = `<div class="big ${verdict}" data-testid="widget-value">${formatValue(v.value, v.unit)}</div>
      <p>${escapeHtml(v.label)}: <b>${v.numerator}</b> ${v.unit === "ratio" ? "/" : "из"} <b>${v.denominator}</b>${
        v.target !== null ? `; цель ${formatValue(v.target, "share")}` : ""}</p>
      <p class="muted formula" data-testid="indicator-formula">${escapeHtml(v.formulaRu)}</p>
      ${v.drillable ? `<button class="secondary" data-drill="numerator">Пациенты (числитель)</button>
        <button class="secondary" data-drill="denominator">Пациенты (знаменатель)</button>` : ""}
      <div class="drill"></div>`;
  } else if (widget.kind === "dynamics") {
    body.innerHTML = `<canvas></canvas><table><thead><tr><th>Месяц</th><th>Числитель</th>
      <th>Знаменатель</th><th>Значение</th></tr></thead><tbody>${data.map((m) =>
        `<tr><td data-sort="${escapeHtml(m.month)}">${formatMonth(m.month)}</td><td class="num">${m.numerator}</td><td class="num">${m.denominator}</td>
        ${percentCell(m.value, unit)}</tr>`).join("")}</tbody></table>`;
    dynamicsChart(body.querySelector("canvas"), data, label, null, unit);
  } else if (widget.kind === "breakdown") {
    body.innerHTML = `<canvas></canvas><table><thead><tr><th>Разрез</th><th>Числитель</th>
      <th>Знаменатель</th><th>Значение</th></tr></thead><tbody>${data.map((i) =>
        `<tr><td>${escapeHtml(i.label)}</td><td class="num">${i.numerator}</td>
        <td class="num">${i.denominator}</td>${percentCell(i.value, unit)}</tr>`).join("")}</tbody></table>`;
    breakdownChart(body.querySelector("canvas"), data.slice(0, 15), label, unit);
  } else {
    body.innerHTML = `<canvas></canvas><table><thead><tr><th>Группа</th><th>Пациентов</th>
      <th>Умерло</th><th>1-летняя</th><th>5-летняя</th></tr></thead><tbody>${data.map((c) =>
        `<tr><td>${escapeHtml(c.group)}</td><td class="num">${c.patients}</td><td class="num">${c.deaths}</td>
        ${percentCell(c.oneYear, "share")}${percentCell(c.fiveYear, "share")}</tr>`).join("")}</tbody></table>`;
    survivalChart(body.querySelector("canvas"), data);
  }
  body.querySelectorAll("table").forEach(makeSortable);
}

/** A date typed as ДД.ММ.ГГГГ (a one-digit day or month, and a space, «/» or «-» for the
 * dot, are accepted) as `{ iso: "1968-03-14" }`, or `{ error }` in Russian that names the
 * field; an empty text gives `{ iso: "" }`. The date inputs of the pages are text fields:
 * a browser's own date field shows the browser's locale (MM/DD/YYYY in an English one). */
export function parseRuDate(text, field = "Дата") {
  const typed = String(text ?? "").trim();
  if (!typed) return { iso: "" };
  const parts = typed.match(/^(\d{1,2})[.\s/-](\d{1,2})[.\s/-](\d{4})$/);
  if (!parts) {
    return { error: `${field}: введите дату в виде ДД.ММ.ГГГГ, например 14.03.1968.` };
  }
  const [day, month, year] = parts.slice(1).map(Number);
  const moment = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || moment.getUTCDate() !== day || year < 1800) {
    return { error: `${field}: такой даты нет (${typed}). Введите дату в виде ДД.ММ.ГГГГ.` };
  }
  const pad = (n, width = 2) => String(n).padStart(width, "0");
  return { iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}
