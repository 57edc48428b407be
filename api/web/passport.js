import {
  escapeHtml, formatDate, gql, makeSortable, query, renderHeader, requireLogin, SEX_LABELS,
  showError,
} from "./app.js";
import { parseRuDate } from "./widgets.js";

requireLogin();
renderHeader("passport.html");

const PASSPORT = `query Passport($id: ID!) {
  passport(patientId: $id) {
    __typename
    ... on PassportNotFound { message }
    ... on Passport {
      patientId currentClinicalGroup currentCareStage
      patient { fullName birthDate birthYear sex district snils deceasedOn deceasedYear deceasedPrecision
                passportSince }
      tumors { tumorId icd10 icd10NameRu morphology stage t n m diagnosedOn verification
               morphologicallyVerified basisLabelRu clinicalGroupLabelRu }
      route { recordKey kindLabelRu kind date careStage icd10 icd10NameRu text summaryRu
              stage t n m daysSincePrevious organization { oid name district }
              referredTo { name } }
      deadlines { rule codeRu titleRu state startedOn dueOn stoppedOn daysOver icd10 noteRu }
      gaps { kind since overdueDays detail }
      recommendations { icd10 guidelineTitleRu guidelineId guidelineYear
        nextSteps { titleRu dueOn because } missing { titleRu state doneOn } done { titleRu doneOn } }
    }
  }
}`;

const CARE_STAGE_LABELS = {
  suspicion: "подозрение на ЗНО", diagnostics: "диагностика", diagnosis: "диагноз установлен",
  treatment: "лечение", dispensary: "диспансерное наблюдение", palliative: "паллиативная помощь",
  death: "смерть",
};
let gapLabels = {};
const VERIFICATION_LABELS = { confirmed: "подтверждён", provisional: "предварительный",
  refuted: "не подтвердился",
  // A registry DCO case: the cancer is known from the death certificate alone.
  "death-certificate-only": "только по свидетельству о смерти (DCO)" };
const STATE_LABELS = { met: "соблюдён", missed: "нарушен", pending: "идёт", "due-soon": "истекает" };
const form = document.getElementById("passport-search");
const target = document.getElementById("passport");

function table(headers, rows) {
  return `<table><thead><tr>${headers.map((h) => `<th>${h}</th>`).join("")}</tr></thead>
    <tbody>${rows.join("") || `<tr><td colspan="${headers.length}" class="muted">нет</td></tr>`}</tbody></table>`;
}

/** T, N and M of a tumour at diagnosis in one word, «T2N1M0»; a bare "2" gets its letter
 * (as api/graphql/passport_summary.py writes the timeline's staging). */
function tnm(tumor) {
  return [["T", tumor.t], ["N", tumor.n], ["M", tumor.m]]
    .filter(([, value]) => value)
    .map(([letter, value]) => (String(value).toUpperCase().includes(letter) ? value : letter + value))
    .join("");
}

/** The route as the timeline shows it. A stage group and each of T, N and M usually come
 * as Observations of their own, made the same day at the same place: they read as one
 * entry, «Стадия IIIA, T2N1M0» (each step's summaryRu is its own value, from the server). */
function timelineEntries(route) {
  const entries = [];
  for (const step of route) {
    const last = entries[entries.length - 1];
    if (step.kind === "stage-observation" && last?.kind === "stage-observation"
        && last.date === step.date && last.organization?.oid === step.organization?.oid) {
      last.parts.push(step);
    } else {
      entries.push({ ...step, parts: [step] });
    }
  }
  const order = (step) => (step.stage ? 0 : step.t ? 1 : step.n ? 2 : 3);
  for (const entry of entries.filter((e) => e.parts.length > 1)) {
    const parts = [...entry.parts].sort((a, b) => order(a) - order(b));
    const unique = (steps) => [...new Set(steps.map((s) => s.summaryRu).filter(Boolean))];
    const groups = unique(parts.filter((s) => s.stage));
    const categories = unique(parts.filter((s) => !s.stage)).join("");
    entry.summaryRu = [...groups, categories].filter(Boolean).join(", ");
  }
  return entries;
}

function timelineStep(s) {
  const text = s.text && !(s.summaryRu || "").includes(s.text) ? s.text : "";
  // where a referral sends the patient, unless it is the same place (a test ordered in-house)
  const sentTo = s.referredTo?.name !== s.organization?.name ? s.referredTo?.name : null;
  return `<li data-testid="timeline-step">
      <span class="date">${formatDate(s.date)}</span>${escapeHtml(s.kindLabelRu || s.kind)}
      ${s.icd10 ? `<span class="badge" title="${escapeHtml(s.icd10NameRu || "")}">${escapeHtml(s.icd10)}</span>` : ""}
      — <span>${escapeHtml(s.organization?.name || "организация не указана")}</span>
      ${sentTo ? `→ <span title="куда направлен">${escapeHtml(sentTo)}</span>` : ""}
      ${s.summaryRu ? `<div class="summary" data-testid="step-summary">${escapeHtml(s.summaryRu)}</div>` : ""}
      ${text ? `<div class="muted">${escapeHtml(text)}</div>` : ""}</li>`;
}

/** Whether the diagnosis rests on a microscope, with its basis: «да (Гистология первичной
 * опухоли)». Not the diagnosis's status: a confirmed diagnosis may be clinical only. */
function morphologicalVerification(tumor) {
  if (tumor.morphologicallyVerified == null) return "—";
  const answer = tumor.morphologicallyVerified ? "да" : "нет";
  return tumor.basisLabelRu ? `${answer} (${tumor.basisLabelRu.toLowerCase()})` : answer;
}

/** «КР467» as the guideline's id is written, «КР 467» as a number alone. */
export function guidelineLabel(id) {
  return /^КР/i.test(id) ? id : `КР ${id}`;
}

const NEXT_ORGANIZATION = `query Next($id: String!) { nextOrganization(patientId: $id) {
  reasons recommended { name district reasons } alternatives { name district load } } }`;

/** «Куда направить»: the organisation the routing order and the queues advise for the
 * patient's next step, filled in after the passport (it reads the live queues). */
async function showNextOrganization(patientId) {
  const box = document.getElementById("next-organization");
  if (!box) return; // none for a patient who has died
  try {
    const advice = (await gql(NEXT_ORGANIZATION, { id: patientId })).nextOrganization;
    const best = advice.recommended;
    box.innerHTML = `<h2>Куда направить</h2>
      <ul>${advice.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>
      ${best ? `<p data-testid="next-organization-name"><b>Рекомендуется:</b> ${escapeHtml(best.name || "—")}${
        best.district ? ` <span class="muted">(${escapeHtml(best.district)})</span>` : ""}</p>
        <ul class="muted">${best.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>`
        : "<p class=muted>Подходящей организации в порядке маршрутизации нет.</p>"}
      ${advice.alternatives.length ? table(["Другие организации", "Район", "Открытых маршрутов"],
        advice.alternatives.map((c) => `<tr><td>${escapeHtml(c.name || "—")}</td>
          <td>${escapeHtml(c.district || "—")}</td><td class="num">${c.load}</td></tr>`)) : ""}`;
  } catch (error) {
    box.remove(); // a role without routing advice (an analyst) sees the passport without it
  }
}

const MONTHS_IN = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
  "сентябре", "октябре", "ноябре", "декабре"];

/** When the patient died, as precisely as it is known: the day; the month or the year the
 * MIS gave when no death certificate says the day (deceasedPrecision); analysts get the year. */
function deathWhen(person) {
  if (person.deceasedOn && person.deceasedPrecision === "month") {
    const [year, month] = person.deceasedOn.split("-");
    return `в ${MONTHS_IN[Number(month) - 1]} ${year} г.`;
  }
  if (person.deceasedOn && person.deceasedPrecision !== "year") return formatDate(person.deceasedOn);
  return person.deceasedYear ? `в ${person.deceasedYear} г.` : "";
}

/** Said where next steps would be: the server gives none for a patient who has died. */
function deathNote(person) {
  const when = deathWhen(person);
  return when ? `Пациент умер ${when}` : "";
}

function render(p) {
  const person = p.patient;
  const died = deathNote(person);
  // a patient with two cancers has a D4 for each: the deadline table must name its tumour
  const manyTumors = p.tumors.length > 1;
  const timeline = timelineEntries(p.route).map(timelineStep).join("");
  const recommendations = p.recommendations.map((r) => `<h3>${escapeHtml(r.icd10 || "")}
      ${escapeHtml(r.guidelineTitleRu || "клиническая рекомендация не найдена")}
      ${r.guidelineId ? `<span class="muted">(${escapeHtml(guidelineLabel(r.guidelineId))}, ${r.guidelineYear ?? ""})</span>` : ""}</h3>
      <ul>${died ? `<li class="muted" data-testid="deceased-note">${escapeHtml(died)}: следующих шагов нет</li>` : ""}
      ${r.nextSteps.map((n) => `<li><b>Далее:</b> ${escapeHtml(n.titleRu)} — до ${formatDate(n.dueOn)}
        <span class="muted">${escapeHtml(n.because)}</span></li>`).join("")}
      ${r.missing.map((m) => `<li class="bad">${escapeHtml(notDoneLine(m))}</li>`).join("")}
      ${r.done.map((d) => `<li class="good">Выполнено: ${escapeHtml(d.titleRu)} (${formatDate(d.doneOn)})</li>`).join("")}</ul>`).join("");
  target.innerHTML = `
    <section class="card">
      <h2 data-testid="patient-name">${escapeHtml(person.fullName || `пациент ${p.patientId}`)}</h2>
      <p>Дата рождения: ${person.birthDate ? formatDate(person.birthDate) : person.birthYear ?? "—"};
        пол: ${SEX_LABELS[person.sex] || "—"}; район: ${escapeHtml(person.district || "—")};
        СНИЛС: ${escapeHtml(person.snils || "—")}; паспорт с ${formatDate(person.passportSince)}${
  died ? `; <span class="bad" data-testid="deceased-on">умер ${escapeHtml(deathWhen(person))}</span>` : ""}</p>
      <p>Клиническая группа: <b>${escapeHtml(p.currentClinicalGroup || "—")}</b>;
        этап: <b>${escapeHtml(CARE_STAGE_LABELS[p.currentCareStage] || p.currentCareStage || "—")}</b></p>
      <h2>Опухоли</h2>
      ${table(["МКБ-10", "Диагноз", "Морфология", "Стадия", "TNM", "Дата диагноза", "Статус диагноза",
        "Морфологическая верификация", "Клиническая группа"],
        p.tumors.map((t) => `<tr data-testid="tumor-row"><td>${escapeHtml(t.icd10)}</td><td>${escapeHtml(t.icd10NameRu || "")}</td>
          <td>${escapeHtml(t.morphology || "—")}</td><td>${escapeHtml(t.stage || "—")}</td>
          <td>${escapeHtml(tnm(t) || "—")}</td>
          <td>${formatDate(t.diagnosedOn)}</td><td>${escapeHtml(VERIFICATION_LABELS[t.verification] || t.verification || "—")}</td>
          <td data-testid="tumor-morphological-verification">${escapeHtml(morphologicalVerification(t))}</td>
          <td>${escapeHtml(t.clinicalGroupLabelRu || "—")}</td></tr>`))}
    </section>
    <section class="card"><h2>Маршрут пациента по организациям</h2>
      <ol class="timeline" data-testid="timeline">${timeline || "<li>записей нет</li>"}</ol></section>
    <section class="card"><h2>Сроки</h2>
      ${table(["Срок", "Правило", ...(manyTumors ? ["Опухоль"] : []), "Состояние", "Начало",
        "Крайний срок", "Завершён", "Просрочка, дн."],
        byAttention(p.deadlines).map((d) => `<tr data-testid="deadline-row"><td>${escapeHtml(d.codeRu || d.rule)}</td><td>${escapeHtml(d.titleRu || "")}</td>
          ${manyTumors ? `<td data-testid="deadline-tumor">${escapeHtml(tumorOf(p.tumors, d.icd10))}</td>` : ""}
          <td><span class="badge ${escapeHtml(d.state)}">${STATE_LABELS[d.state] || escapeHtml(d.state)}</span></td>
          <td>${formatDate(d.startedOn)}</td><td>${formatDate(d.dueOn)}</td>
          <td data-testid="deadline-stopped">${d.noteRu ? escapeHtml(d.noteRu) : formatDate(d.stoppedOn)}</td>
          <td class="num">${d.daysOver ?? ""}</td></tr>`))}</section>
    <section class="card"><h2>Разрывы маршрута</h2>
      ${table(["Вид", "С", "Просрочка, дн.", "Подробности"],
        p.gaps.map((g) => `<tr><td>${escapeHtml(gapLabels[g.kind] || g.kind)}</td><td>${formatDate(g.since)}</td>
          <td class="num">${g.overdueDays ?? ""}</td><td>${escapeHtml(g.detail || "")}</td></tr>`))}</section>
    <section class="card"><h2>Клинические рекомендации</h2>${recommendations || "<p class=muted>нет</p>"}</section>
    ${died ? "" : `<section class="card" id="next-organization" data-testid="next-organization">
      <h2>Куда направить</h2><p class="muted">Загрузка…</p></section>`}`;
  target.querySelectorAll("table").forEach(makeSortable);
}

/** A guideline item not done in time: never («Не выполнено: …»), or only after the
 * treatment began (`late`: «Выполнено после начала лечения, ДД.ММ.ГГГГ: …»). */
export function notDoneLine(item) {
  return item.state === "late"
    ? `Выполнено после начала лечения, ${formatDate(item.doneOn)}: ${item.titleRu}`
    : `Не выполнено: ${item.titleRu}`;
}

/** The tumour a deadline is about, as the tumour table names it («C50.4 Злокачественное
 * новообразование …»): the tumour of that code, else of the same three-character category
 * (a record may name C50 where the diagnosis says C50.4); the bare code when none is. */
export function tumorOf(tumors, icd10) {
  if (!icd10) return "—";
  const category = (code) => (code || "").slice(0, 3);
  const tumor = tumors.find((t) => t.icd10 === icd10)
    || tumors.find((t) => category(t.icd10) === category(icd10));
  return tumor ? [tumor.icd10, tumor.icd10NameRu].filter(Boolean).join(" ") : icd10;
}

// A patient followed for years has dozens of deadlines, nearly all met: the ones a
// clinician acts on (missed, due soon, running) come first, each group by its due day.
const ATTENTION = { missed: 0, "due-soon": 1, pending: 2 };

export function byAttention(deadlines) {
  const rank = (d) => ATTENTION[d.state] ?? 3;
  return [...deadlines].sort((a, b) => rank(a) - rank(b)
    || String(a.dueOn || "").localeCompare(String(b.dueOn || "")));
}

async function open(patientId) {
  target.innerHTML = "<p class=muted>Загрузка…</p>";
  try {
    if (!Object.keys(gapLabels).length) {
      // Labels of gap kinds come from the pathway area; without them the code is shown.
      gapLabels = await gql("{ gapKinds { kind labelRu } }")
        .then((d) => Object.fromEntries(d.gapKinds.map((k) => [k.kind, k.labelRu])))
        .catch(() => ({}));
    }
    const data = await gql(PASSPORT, { id: patientId });
    if (data.passport.__typename === "PassportNotFound") {
      target.innerHTML = `<p class="error">${escapeHtml(data.passport.message)}</p>`;
      return;
    }
    render(data.passport);
    showNextOrganization(data.passport.patientId);
    history.replaceState(null, "", `?id=${encodeURIComponent(patientId)}`);
  } catch (error) {
    showError(target, error);
  }
}

const results = document.getElementById("search-results");
const NOTHING_GIVEN = "Укажите идентификатор пациента, СНИЛС или фамилию и дату рождения.";

function alertIn(box, message) {
  box.innerHTML = `<p class="error" role="alert">${escapeHtml(message)}</p>`;
}

/** What the search fields hold: { patientId, snils, family, birthDate }, trimmed. */
function typed() {
  const data = new FormData(form);
  const text = (name) => String(data.get(name) || "").trim();
  return { patientId: text("patientId"), snils: text("snils"), family: text("family"),
           birthDate: text("birthDate") };
}

/** Searches by СНИЛС or by surname and birth date; `by` is the group the user typed in
 * (Enter in a field), or null for the «Найти» button, which takes whichever is filled. */
async function findPatients(by) {
  const { snils, family, birthDate } = typed();
  const named = Boolean(family || birthDate);
  if (!by && snils && named) {
    alertIn(results, "Укажите что-то одно: СНИЛС или фамилию и дату рождения.");
    return;
  }
  const mode = by || (snils ? "snils" : named ? "name" : null);
  if (!mode) {
    alertIn(results, NOTHING_GIVEN);
    return;
  }
  if (mode === "snils" && !snils) {
    alertIn(results, "Для поиска укажите СНИЛС (11 цифр).");
    return;
  }
  if (mode === "name" && (!family || !birthDate)) {
    alertIn(results, "Для поиска укажите фамилию и дату рождения.");
    return;
  }
  const born = mode === "name" ? parseRuDate(birthDate, "Дата рождения") : { iso: "" };
  form.elements.birthDate.setAttribute("aria-invalid", born.error ? "true" : "false");
  if (born.error) {
    alertIn(results, born.error);
    form.elements.birthDate.focus();
    return;
  }
  results.innerHTML = `<p class="muted" role="status">Поиск…</p>`;
  try {
    const found = await gql(`query($snils: String, $family: String, $birthDate: Date) {
      patients(snils: $snils, family: $family, birthDate: $birthDate, first: 20) {
        __typename
        ... on PatientConnection { edges { node { patientId fullName birthDate district } } }
        ... on PatientSearchRefused { message }
        ... on PatientSearchInvalid { message } } }`,
    mode === "snils" ? { snils } : { family, birthDate: born.iso });
    if (found.patients.__typename !== "PatientConnection") {
      alertIn(results, found.patients.message);
      return;
    }
    results.innerHTML = found.patients.edges.map(({ node }) =>
      `<button type="button" class="secondary" data-id="${escapeHtml(node.patientId)}">
        ${escapeHtml(node.fullName || node.patientId)}, ${formatDate(node.birthDate)}${
          node.district ? `, ${escapeHtml(node.district)}` : ""}</button>`).join(" ")
      || "<p class=muted>Никого не найдено.</p>";
    results.querySelectorAll("button").forEach((b) => b.addEventListener("click", () => open(b.dataset.id)));
  } catch (error) {
    showError(results, error);
  }
}

// Enter in the СНИЛС or name fields runs that search: left to the browser it would submit
// the form, i.e. «Открыть паспорт» with whatever (often nothing) is in the id field.
form.querySelectorAll("[data-search]").forEach((input) => input.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.isComposing) return;
  event.preventDefault();
  findPatients(input.dataset.search);
}));

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const { patientId } = typed();
  if (patientId) {
    results.innerHTML = "";
    open(patientId);
  } else {
    findPatients(null);
  }
});

document.getElementById("search-by-name").addEventListener("click", () => findPatients(null));

const initial = query("id");
if (initial) {
  form.elements.patientId.value = initial;
  open(initial);
}
