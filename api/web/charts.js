// Charts of indicator dynamics, breakdowns and survival (chart.js, vendored UMD build).
import { formatMonth } from "./app.js";

const COLORS = ["#1f5f8b", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#16a085", "#7f8c8d"];
const percent = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
// A share (0..1) is drawn in percent; a ratio (the contingent accumulation index) as it is.
const scaled = (unit) => (unit === "ratio" ? (v) => v ?? null : percent);
const axisTitle = (unit) => (unit === "ratio" ? "коэффициент" : "%");

/** The diagnosis years whose survival a report year shows, the same on every page: the
 * five years ending with it (5-year survival of «2025 г.» = diagnosed 2021–2025). */
export function survivalCohort(year) {
  const first = year - 4;
  return { first, last: year, label: `диагноз ${first}–${year}` };
}

/** Names the chart for screen readers (a canvas has no text of its own). */
function describe(canvas, text) {
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", text);
}

export function dynamicsChart(canvas, months, label, target, unit = "share") {
  const value = scaled(unit);
  const datasets = [{ label, data: months.map((m) => value(m.value)), borderColor: COLORS[0],
    backgroundColor: COLORS[0], spanGaps: true, tension: 0 }];
  if (target !== null && target !== undefined) {
    datasets.push({ label: "целевое значение", data: months.map(() => value(target)),
      borderColor: COLORS[1], borderDash: [6, 4], pointRadius: 0 });
  }
  describe(canvas, `${label}: динамика по месяцам (значения — в таблице)`);
  return new window.Chart(canvas, {
    type: "line",
    data: { labels: months.map((m) => formatMonth(m.month)), datasets },
    options: { animation: false, scales: { y: { title: { display: true, text: axisTitle(unit) }, min: 0 } } },
  });
}

export function breakdownChart(canvas, items, label, unit = "share") {
  const value = scaled(unit);
  describe(canvas, `${label}: в разрезе (значения — в таблице)`);
  return new window.Chart(canvas, {
    type: "bar",
    data: { labels: items.map((i) => i.label),
            datasets: [{ label, data: items.map((i) => value(i.value)), backgroundColor: COLORS[0] }] },
    options: { animation: false, indexAxis: "y", scales: { x: { title: { display: true, text: axisTitle(unit) }, min: 0 } } },
  });
}

export function survivalChart(canvas, curves) {
  describe(canvas, "Кривые выживаемости (1- и 5-летняя — в таблице)");
  return new window.Chart(canvas, {
    type: "line",
    data: { datasets: curves.map((c, i) => ({
      label: `${c.group} (n=${c.patients})`, stepped: true, borderColor: COLORS[i % COLORS.length],
      backgroundColor: COLORS[i % COLORS.length], pointRadius: 0,
      data: c.points.map((p) => ({ x: p.month, y: percent(p.survival) })) })) },
    options: { animation: false, parsing: false,
      scales: { x: { type: "linear", title: { display: true, text: "месяцы после диагноза" } },
                y: { min: 0, max: 100, title: { display: true, text: "выживаемость, %" } } } },
  });
}
