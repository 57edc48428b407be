// Identity review for coordinators and administrators: pairs of patient records that may be
// one person (GET /identity/reviews), decided with POST /identity/reviews/{id}, and a wrong
// link undone with POST /identity/unlink, and people the linker joined (GET /identity/merges)
// parted again with POST /identity/merges/undo (api/routes/identity.py).
import {
  SEX_LABELS, api, escapeHtml, formatDate, formatDateTime, makeSortable, renderHeader,
  requireLogin, showError,
} from "./app.js";

const current = requireLogin();
renderHeader("identity.html");

const LIMIT = 500;
const OPERATORS = ["coordinator", "admin"];
const target = document.getElementById("reviews");
const total = document.getElementById("reviews-total");

function fullName(record) {
  const name = [record.family, record.given, record.patronymic].filter(Boolean).join(" ");
  return name || "ФИО не указано";
}

/** What an operator compares, in the order they read it; a value that differs from the
 * other record's is marked. */
function facts(record) {
  return [
    ["Дата рождения", formatDate(record.birthDate)],
    ["Пол", SEX_LABELS[record.sex] || "не указан"],
    ["Район", record.district || "не указан"],
    ["СНИЛС", record.snils || "нет"],
    ["Организация", record.organization || "не указана"],
    ["Источник", record.source || "—"],
  ];
}

function recordCell(record, other) {
  const mine = facts(record);
  const theirs = other ? facts(other) : mine;
  const lines = mine.map(([label, value], i) => {
    const differs = value !== theirs[i][1] && label !== "Источник";
    return `<li${differs ? ' class="differs" title="Отличается от другой записи"' : ""}>
      ${label}: ${escapeHtml(value)}</li>`;
  }).join("");
  const nameDiffers = other && fullName(record) !== fullName(other);
  return `<td><strong${nameDiffers ? ' class="differs"' : ""}>${escapeHtml(fullName(record))}</strong>
    <ul class="facts">${lines}</ul>
    <div class="muted">ключ: <code>${escapeHtml(record.key)}</code></div></td>`;
}

function decisionCell() {
  return `<td class="decision"><div class="actions">
      <button type="button" data-accept="true">Это один человек</button>
      <button type="button" class="secondary" data-accept="false">Разные люди</button></div>
    <div class="outcome" role="status"></div></td>`;
}

/** Why the linker left the pair to an operator; a pair of 100 % puzzles otherwise. */
function notJoined(review) {
  if (!review.notJoinedRu) return "";
  return `<li data-testid="not-joined">${escapeHtml(review.notJoinedRu)}</li>`;
}

function row(review) {
  const [a, b] = review.records;
  const percent = Math.round(review.score * 100);
  return `<tr data-testid="review-row" data-review="${escapeHtml(review.reviewId)}">
    ${recordCell(a, b)}${b ? recordCell(b, a) : "<td class=muted>вторая запись удалена</td>"}
    <td data-sort="${review.score}"><strong>${percent} %</strong>
      <ul class="facts"><li data-testid="review-reason">${escapeHtml(review.reasonRu || "")}</li>
        ${notJoined(review)}</ul></td>
    ${decisionCell()}</tr>`;
}

async function showReviews() {
  target.setAttribute("aria-busy", "true");
  target.innerHTML = "<p class=muted>Загрузка…</p>";
  try {
    const reviews = await api(`/identity/reviews?limit=${LIMIT}`);
    if (!reviews.length) {
      total.textContent = "";
      target.innerHTML = `<p data-testid="no-reviews">Пар на проверку нет: все похожие записи
        уже связаны или разведены.</p>`;
      return;
    }
    total.textContent = `Пар на проверку: ${reviews.length}`
      + (reviews.length === LIMIT ? ` (показаны первые ${LIMIT}, самые похожие)` : "");
    target.innerHTML = `<table id="reviews-table"><thead><tr><th>Запись 1</th><th>Запись 2</th>
      <th>Сходство</th><th>Решение</th></tr></thead>
      <tbody>${reviews.map(row).join("")}</tbody></table>`;
    makeSortable(target.querySelector("table"));
  } catch (error) {
    total.textContent = "";
    showError(target, error);
  } finally {
    target.removeAttribute("aria-busy");
  }
}

async function decide(button) {
  const tableRow = button.closest("tr");
  const accept = button.dataset.accept === "true";
  const outcome = tableRow.querySelector(".outcome");
  const buttons = tableRow.querySelectorAll(".actions button");
  buttons.forEach((b) => { b.disabled = true; });
  outcome.className = "outcome muted";
  outcome.textContent = "Сохранение…";
  try {
    await api(`/identity/reviews/${encodeURIComponent(tableRow.dataset.review)}`,
      { method: "POST", body: { accept } });
    tableRow.querySelector(".actions").remove();
    tableRow.dataset.decision = accept ? "accepted" : "rejected";
    tableRow.classList.add("decided");
    outcome.className = "outcome good";
    outcome.textContent = accept
      ? "Решено: это один человек — записи объединены."
      : "Решено: разные люди — записи оставлены раздельно.";
  } catch (error) {
    // 404/409: decided by someone else meanwhile, or out of this coordinator's district.
    const final = error.status === 404 || error.status === 409;
    if (final) tableRow.querySelector(".actions").remove();
    else buttons.forEach((b) => { b.disabled = false; });
    outcome.className = "outcome error";
    outcome.setAttribute("role", "alert");
    outcome.textContent = error.message || String(error);
  }
}

const mergesTarget = document.getElementById("merges");
const mergesTotal = document.getElementById("merges-total");

function personLine(person) {
  const born = person.birthDate ? `, ${formatDate(person.birthDate)} г. р.` : "";
  const snils = person.snils ? `, СНИЛС ${person.snils}` : "";
  return `${escapeHtml(fullName(person))}${escapeHtml(born)}${escapeHtml(snils)}`;
}

function mergeRow(merge) {
  const moved = merge.moved.map((record) => `<li>${personLine(record)}
    <div class="muted">ключ: <code>${escapeHtml(record.key)}</code></div></li>`).join("");
  return `<tr data-testid="merge-row" data-patient="${escapeHtml(merge.patientId)}"
      data-merged-from="${escapeHtml(merge.mergedFrom)}">
    <td><strong>${personLine(merge)}</strong>
      <div class="muted">человек ${escapeHtml(merge.patientId)}</div></td>
    <td>человек ${escapeHtml(merge.mergedFrom)}, записи (${merge.moved.length}):
      <ul class="facts">${moved}</ul></td>
    <td data-sort="${escapeHtml(merge.mergedAt || "")}">${escapeHtml(merge.reasonRu)}
      <div class="muted">в записи ${personLine(merge.via)}
        (<code>${escapeHtml(merge.via.key)}</code>)</div>
      <div class="muted">${escapeHtml(formatDateTime(merge.mergedAt))}</div></td>
    <td class="decision"><div class="actions">
      <label>Причина <input name="why" minlength="3" size="22"
        placeholder="например: однофамильцы"></label>
      <button type="button" data-unmerge>Разъединить людей</button></div>
      <div class="outcome" role="status"></div></td></tr>`;
}

async function showMerges() {
  mergesTarget.setAttribute("aria-busy", "true");
  mergesTarget.innerHTML = "<p class=muted>Загрузка…</p>";
  try {
    const merges = await api(`/identity/merges?limit=${LIMIT}`);
    if (!merges.length) {
      mergesTotal.textContent = "";
      mergesTarget.innerHTML = `<p data-testid="no-merges">Объединённых людей нет.</p>`;
      return;
    }
    mergesTotal.textContent = `Объединений: ${merges.length}`
      + (merges.length === LIMIT ? ` (показаны последние ${LIMIT})` : "");
    mergesTarget.innerHTML = `<table id="merges-table"><thead><tr><th>Человек</th>
      <th>Присоединён</th><th>Основание</th><th>Решение</th></tr></thead>
      <tbody>${merges.map(mergeRow).join("")}</tbody></table>`;
    makeSortable(mergesTarget.querySelector("table"));
  } catch (error) {
    mergesTotal.textContent = "";
    showError(mergesTarget, error);
  } finally {
    mergesTarget.removeAttribute("aria-busy");
  }
}

async function unmerge(button) {
  const tableRow = button.closest("tr");
  const outcome = tableRow.querySelector(".outcome");
  const why = tableRow.querySelector("input[name=why]").value.trim();
  if (why.length < 3) {
    outcome.className = "outcome error";
    outcome.setAttribute("role", "alert");
    outcome.textContent = "Укажите причину, не короче 3 символов: она сохраняется вместе с решением.";
    return;
  }
  button.disabled = true;
  outcome.className = "outcome muted";
  outcome.setAttribute("role", "status");
  outcome.textContent = "Сохранение…";
  try {
    const done = await api("/identity/merges/undo", {
      method: "POST",
      body: { patient_id: tableRow.dataset.patient, merged_from: tableRow.dataset.mergedFrom, why },
    });
    tableRow.querySelector(".actions").remove();
    tableRow.classList.add("decided");
    outcome.className = "outcome good";
    outcome.textContent = `Разъединены: человеку ${done.restoredPatientId} возвращены записи `
      + `(${done.recordsMovedBack.length}). Автоматически их больше не объединят.`;
  } catch (error) {
    const final = error.status === 404;
    if (final) tableRow.querySelector(".actions").remove();
    else button.disabled = false;
    outcome.className = "outcome error";
    outcome.setAttribute("role", "alert");
    outcome.textContent = error.message || String(error);
  }
}

const unlinkForm = document.getElementById("unlink-form");
const unlinkResult = document.getElementById("unlink-result");

function unlinkProblem(recordKey, why) {
  if (!recordKey) return "Укажите ключ записи пациента (вида источник|Patient|id).";
  if (!/^[^|]+\|Patient\|.+$/.test(recordKey)) {
    return `Ключ «${recordKey}» не похож на ключ записи пациента: нужен вид источник|Patient|id, `
      + "например poly-mis-1|Patient|42 (ключи показаны в парах выше).";
  }
  if (why.length < 3) return "Укажите причину, не короче 3 символов: она сохраняется вместе с решением.";
  return null;
}

async function unlink(event) {
  event.preventDefault();
  const recordKey = unlinkForm.elements.recordKey.value.trim();
  const why = unlinkForm.elements.why.value.trim();
  const problem = unlinkProblem(recordKey, why);
  if (problem) {
    showError(unlinkResult, problem);
    return;
  }
  const button = unlinkForm.querySelector("button");
  button.disabled = true;
  unlinkResult.innerHTML = "<p class=muted>Выполняется…</p>";
  try {
    const done = await api("/identity/unlink", { method: "POST", body: { record_key: recordKey, why } });
    unlinkResult.innerHTML = `<p class="good" role="status">Запись <code>${escapeHtml(done.recordKey)}</code>
      отделена: она была у человека ${escapeHtml(done.fromPatientId)}, теперь это отдельный
      человек ${escapeHtml(done.toPatientId)}. Причина сохранена.</p>`;
    unlinkForm.reset();
  } catch (error) {
    showError(unlinkResult, error);
  } finally {
    button.disabled = false;
  }
}

if (OPERATORS.includes(current.role)) {
  target.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-accept]");
    if (button) decide(button);
  });
  mergesTarget.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-unmerge]");
    if (button) unmerge(button);
  });
  unlinkForm.addEventListener("submit", unlink);
  showReviews();
  showMerges();
} else {
  document.getElementById("identity-page").innerHTML = `<p class="error" role="alert">Сверка
    личности доступна координаторам и администраторам: здесь решают, одному ли человеку
    принадлежат записи разных организаций. Обратитесь к администратору системы.</p>`;
}
