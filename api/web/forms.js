import { download, escapeHtml, gql, makeSortable, renderHeader, requireLogin, showError } from "./app.js";

requireLogin();
renderHeader("forms.html");

const TOTAL_ROW = "all"; // analytics/forms.py: «Злокачественные новообразования — всего»
const form = document.getElementById("form-choice");
const target = document.getElementById("form-table");
form.elements.year.value = new Date().getFullYear() - 1;

function choice() {
  const data = new FormData(form);
  const typed = Number(data.get("year"));
  const year = Number.isInteger(typed) && typed >= 1990 && typed <= 2100 ? typed
    : new Date().getFullYear() - 1;
  if (year !== typed) form.elements.year.value = year; // an empty field: last year, shown
  return { name: data.get("form"), year };
}

async function show() {
  const { name, year } = choice();
  target.innerHTML = "<p class=muted>Загрузка…</p>";
  try {
    const data = await gql(`query($year: Int!) { table: ${name}(year: $year) {
      title year columns { key label } rows { rowId label values } } }`, { year });
    const t = data.table;
    target.innerHTML = `<h2>${escapeHtml(t.title)} за ${t.year} год</h2>
      <table data-testid="form-table"><thead><tr><th>№</th><th>Локализация</th>
      ${t.columns.map((c) => `<th class="num">${escapeHtml(c.label)}</th>`).join("")}</tr></thead>
      <tbody>${t.rows.map((r, i) => `<tr data-row="${escapeHtml(r.rowId)}"${r.rowId === TOTAL_ROW ? ' class="total"' : ""}><td class="num">${i + 1}</td>
        <td>${escapeHtml(r.label)}</td>${r.values.map((v) => `<td class="num">${v}</td>`).join("")}</tr>`).join("")}
      </tbody></table>`;
    makeSortable(target.querySelector("table"));
  } catch (error) {
    showError(target, error);
  }
}

form.addEventListener("submit", (event) => { event.preventDefault(); show(); });
form.querySelectorAll("[data-format]").forEach((button) => button.addEventListener("click", async () => {
  const { name, year } = choice();
  const format = button.dataset.format;
  try {
    await download(`/reports/${name}?year=${year}&format=${format}`, `${name}-${year}.${format}`);
  } catch (error) {
    showError(target, error);
  }
}));
show();
