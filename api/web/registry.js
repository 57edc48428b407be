// The registrar's page: quality indicators, the contingent at a date, and the review list
// of IARC/IACR check results with confirmation of Rare/Query results (RegistryQuery,
// RegistryMutation of api/graphql/registry.py).
import {
  escapeHtml, formatDate, gql, localIsoDate, makeSortable, renderHeader, requireLogin, showError,
} from "./app.js";
import { parseRuDate } from "./widgets.js";

const current = requireLogin();
renderHeader("registry.html");

const GRADE_LABELS = { Rare: "Редкое", Query: "Сомнительное", Invalid: "Ошибка", Missing: "Не заполнено" };
// The clinical groups in their own order (not the alphabet's: II, IIa, III, IV), then none.
const CLINICAL_GROUP_ORDER = ["Ia", "Ib", "II", "IIa", "III", "IV"];

/** Contingent rows in clinical-group order; an unknown group after the known, none last. */
export function byClinicalGroup(rows) {
  const rank = (group) => {
    if (group === null || group === undefined) return CLINICAL_GROUP_ORDER.length + 1;
    const known = CLINICAL_GROUP_ORDER.indexOf(group);
    return known === -1 ? CLINICAL_GROUP_ORDER.length : known;
  };
  return [...rows].sort((a, b) => rank(a.clinicalGroup) - rank(b.clinicalGroup)
    || String(a.clinicalGroup).localeCompare(String(b.clinicalGroup)));
}
const CAN_CONFIRM = ["coordinator", "admin"].includes(current.role);

function percent(value) {
  return value === null || value === undefined ? "—"
    : value.toLocaleString("ru-RU", { maximumFractionDigits: 1 }) + "%";
}

async function showIndicators() {
  const form = document.getElementById("indicator-filters");
  const target = document.getElementById("indicators");
  const year = form.elements.year.value ? Number(form.elements.year.value) : null;
  target.innerHTML = "<p class=muted>Загрузка…</p>";
  try {
    const data = await gql(`query($by: IndicatorGrouping!, $year: Int) {
      registryQualityIndicators(by: $by, year: $year) { key label tumours mvPercent dcoPercent
        unknownStagePercent missingItems entriesWithMissingPercent medianReportingDelayDays
        notReportedPercent } }`, { by: form.elements.by.value, year });
    const rows = data.registryQualityIndicators;
    target.innerHTML = `<table><thead><tr><th>${form.elements.by.value === "DISTRICT" ? "Район" : "Организация"}</th>
      <th class="num">Опухолей</th><th class="num"><abbr title="MV (morphologically verified): доля опухолей, диагноз которых подтверждён гистологически или цитологически">МВ (морфол. верифиц.)</abbr>, %</th>
      <th class="num"><abbr title="DCO (death certificate only): доля опухолей, известных регистру только по свидетельству о смерти">Только по свид. о смерти (DCO)</abbr>, %</th>
      <th class="num">Стадия не указана, %</th><th class="num">Пропусков</th>
      <th class="num">Записей с пропусками, %</th><th class="num">Задержка извещения, медиана дней</th>
      <th class="num">Без извещения 090/у, %</th></tr></thead>
      <tbody>${rows.map((r) => `<tr${r.key === "" ? ' class="total"' : ""}>
        <td>${escapeHtml(r.label)}</td><td class="num">${r.tumours}</td>
        <td class="num">${percent(r.mvPercent)}</td><td class="num">${percent(r.dcoPercent)}</td>
        <td class="num">${percent(r.unknownStagePercent)}</td><td class="num">${r.missingItems}</td>
        <td class="num">${percent(r.entriesWithMissingPercent)}</td>
        <td class="num">${r.medianReportingDelayDays === null || r.medianReportingDelayDays === undefined
          ? "—" : r.medianReportingDelayDays.toLocaleString("ru-RU")}</td>
        <td class="num">${percent(r.notReportedPercent)}</td></tr>`).join("")}</tbody></table>`;
    makeSortable(target.querySelector("table"));
  } catch (error) {
    showError(target, error);
  }
}

async function showContingent() {
  const form = document.getElementById("contingent-filters");
  const target = document.getElementById("contingent");
  if (!form.elements.at.value.trim()) form.elements.at.value = formatDate(localIsoDate());
  const at = parseRuDate(form.elements.at.value, "На дату");
  form.elements.at.setAttribute("aria-invalid", at.error ? "true" : "false");
  if (at.error) {
    target.innerHTML = `<p class="error" role="alert">${escapeHtml(at.error)}</p>`;
    return;
  }
  target.innerHTML = "<p class=muted>Загрузка…</p>";
  try {
    const data = await gql(`query($at: Date!) { registryContingent(at: $at) {
      clinicalGroup tumors patients fiveYearsOrMore } registryContingentPatients(at: $at) }`,
    { at: at.iso });
    const rows = byClinicalGroup(data.registryContingent);
    const total = data.registryContingentPatients;
    const overlap = overlapNote(rows, total);
    target.innerHTML = `<table><thead><tr><th>Клиническая группа</th><th class="num">Опухолей</th>
      <th class="num">Пациентов</th><th class="num">На учёте 5 лет и более</th></tr></thead>
      <tbody>${rows.map((r) => `<tr><td>${escapeHtml(r.clinicalGroup ?? "не указана")}</td>
        <td class="num">${r.tumors}</td><td class="num">${r.patients}</td>
        <td class="num">${r.fiveYearsOrMore}</td></tr>`).join("")}</tbody></table>
      <p>Всего пациентов на учёте на ${formatDate(at.iso)}: <strong>${total}</strong></p>${
        overlap ? `<p class="muted" data-testid="contingent-overlap">${escapeHtml(overlap)}</p>` : ""}`;
  } catch (error) {
    showError(target, error);
  }
}

/** Why the patients of the rows add up to more than the total, when they do: a person
 * with tumours of two clinical groups is a patient of each row, and once in all. */
export function overlapNote(rows, total) {
  const byGroups = rows.reduce((sum, r) => sum + r.patients, 0);
  return byGroups > total
    ? `Сумма по группам (${byGroups}) больше итога: пациент с опухолями разных клинических групп `
      + "учтён в каждой из них."
    : null;
}

async function showReview() {
  const form = document.getElementById("review-filters");
  const target = document.getElementById("review");
  const grade = form.elements.grade.value;
  target.innerHTML = "<p class=muted>Загрузка…</p>";
  try {
    const data = await gql(`query($grades: [String!], $confirmed: Boolean!) {
      registryQualityReview(grades: $grades, includeConfirmed: $confirmed, limit: 500) {
        tumorId patientId icd10 check checkLabelRu grade message confirmed reason reviewedBy
        reviewedAt } }`,
    { grades: grade ? [grade] : null, confirmed: form.elements.confirmed.checked });
    const rows = data.registryQualityReview;
    if (!rows.length) {
      target.innerHTML = "<p>Замечаний нет.</p>";
      return;
    }
    target.innerHTML = `<table><thead><tr><th>Опухоль</th><th>Проверка</th><th>Результат</th>
      <th>Замечание</th><th>Подтверждение</th></tr></thead>
      <tbody>${rows.map((r) => `<tr data-tumor="${escapeHtml(r.tumorId)}" data-check="${escapeHtml(r.check)}">
        <td>${tumorCell(r)}</td><td>${escapeHtml(r.checkLabelRu)}</td>
        <td class="grade-${r.grade.toLowerCase()}">${escapeHtml(GRADE_LABELS[r.grade] || r.grade)} (${r.grade})</td>
        <td>${escapeHtml(r.message)}</td><td>${confirmCell(r)}</td></tr>`).join("")}</tbody></table>`;
    target.querySelectorAll("form.confirm").forEach((f) => f.addEventListener("submit", confirm));
  } catch (error) {
    showError(target, error);
  }
}

/** The tumour as a person reads it: the patient (a link to the passport) and the site; an
 * analyst, who gets no patient ids, sees the site only. */
function tumorLabel(r) {
  const site = r.icd10 || "локализация не указана";
  return r.patientId ? `пациент ${r.patientId}, ${site}` : site;
}

function tumorCell(r) {
  const site = escapeHtml(r.icd10 || "локализация не указана");
  if (!r.patientId) return site;
  return `<a href="passport.html?id=${encodeURIComponent(r.patientId)}">${escapeHtml(r.patientId)}</a>,
    <span class="badge">${site}</span>`;
}

function confirmCell(r) {
  if (r.confirmed) {
    return `подтверждено: ${escapeHtml(r.reason)} (${escapeHtml(r.reviewedBy)}, ${formatDate(localIsoDate(new Date(r.reviewedAt)))})`;
  }
  if (!["Rare", "Query"].includes(r.grade)) return "исправьте данные в источнике";
  if (!CAN_CONFIRM) return "—";
  return `<form class="confirm"><input name="reason" required placeholder="Причина"
    aria-label="Причина подтверждения: ${escapeHtml(tumorLabel(r))}, ${escapeHtml(r.checkLabelRu)}" size="24">
    <button type="submit">Подтвердить</button></form>`;
}

async function confirm(event) {
  event.preventDefault();
  const form = event.target;
  const row = form.closest("tr");
  try {
    const data = await gql(`mutation($id: String!, $check: String!, $reason: String!) {
      confirmQualityResult(tumorId: $id, check: $check, reason: $reason) {
        __typename ... on RegistryProblem { message } } }`,
    { id: row.dataset.tumor, check: row.dataset.check, reason: form.elements.reason.value });
    const outcome = data.confirmQualityResult;
    if (outcome.__typename === "RegistryProblem") throw new Error(outcome.message);
    row.lastElementChild.textContent = "подтверждено";
  } catch (error) {
    showError(row.lastElementChild, error);
  }
}

for (const [id, show] of [["indicator-filters", showIndicators], ["contingent-filters", showContingent],
  ["review-filters", showReview]]) {
  document.getElementById(id).addEventListener("submit", (event) => { event.preventDefault(); show(); });
}
showIndicators();
showContingent();
showReview();
