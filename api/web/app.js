// Shared helpers of every page: the session token, GraphQL calls, navigation, Russian
// formatting of dates and numbers, sortable tables. Plain ES module, no build step.

const TOKEN_KEY = "onkopassport.token";
const USER_KEY = "onkopassport.user";

export const ROLE_LABELS = {
  clinician: "врач", coordinator: "координатор", analyst: "аналитик", admin: "администратор",
};

const PAGES = [
  ["passport.html", "Сведения о заболевании", ["clinician", "coordinator", "admin"]],
  ["worklist.html", "Маршрут пациента: рабочий список", ["coordinator", "clinician", "admin"]],
  ["dashboard.html", "Настраиваемые дашборды", null],
  ["analytics.html", "Мониторинг динамики показателей", null],
  ["forms.html", "Статистика, форма 7", null],
  ["registry.html", "Раковый регистр", null],
  ["identity.html", "Сверка личности", ["coordinator", "admin"]],
  ["quarantine.html", "Карантин", ["admin"]],
];

export function session() {
  const token = localStorage.getItem(TOKEN_KEY);
  const user = JSON.parse(localStorage.getItem(USER_KEY) || "null");
  return token && user ? { token, ...user } : null;
}

export function saveSession(token, username, role) {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(USER_KEY, JSON.stringify({ username, role }));
}

export function logout() {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
  location.href = "index.html";
}

export function homePage(role) {
  return { clinician: "passport.html", coordinator: "worklist.html" }[role] || "dashboard.html";
}

/** Sends the user to the login page when there is no session; returns the session. */
export function requireLogin() {
  const current = session();
  if (!current) {
    location.href = "index.html?next=" + encodeURIComponent(location.pathname + location.search);
    throw new Error("не выполнен вход");
  }
  return current;
}

export function renderHeader(activePage) {
  const current = session();
  const header = document.createElement("header");
  header.className = "top";
  const links = PAGES
    .filter(([, , roles]) => !roles || !current || roles.includes(current.role))
    .map(([href, label]) =>
      `<a href="${href}"${href === activePage ? ' class="active"' : ""}>${label}</a>`)
    .join("");
  header.innerHTML = `<span class="brand">Онкопаспорт</span><nav>${links}</nav>` +
    (current ? `<span class="user" data-testid="current-user">${escapeHtml(current.username)}
      (${ROLE_LABELS[current.role] || current.role})<button class="secondary" id="logout">Выйти</button></span>` : "");
  document.body.prepend(header);
  header.querySelector("#logout")?.addEventListener("click", logout);
}

export class GraphQLError extends Error {}

/** What a user reads for an HTTP status the API answered without a message of its own. */
export function statusMessage(status) {
  if (status === 403) return "Недостаточно прав для этого действия.";
  if (status === 404) return "Не найдено.";
  if (status === 413) return "Слишком большой запрос.";
  if (status === 429) return "Слишком много запросов; повторите через минуту.";
  if (status === 503) return "Сервер временно недоступен (база данных не отвечает); повторите позже.";
  if (status >= 500) return `Ошибка сервера (код ${status}); повторите позже или сообщите администратору.`;
  return `Запрос отклонён сервером (код ${status}).`;
}

/** fetch() whose network failure ("Failed to fetch") becomes a message in Russian. */
export async function send(url, options) {
  try {
    return await fetch(url, options);
  } catch {
    throw new GraphQLError("Нет связи с сервером. Проверьте сеть и повторите.");
  }
}

/** The message of an error response (FastAPI's `detail`, our `message`) or one by status. */
export async function errorOf(response) {
  try {
    const body = await response.json();
    const text = body.message || (typeof body.detail === "string" ? body.detail : null)
      || body.errors?.map((e) => e.message).join("; ");
    if (text) return text;
  } catch { /* not JSON: a proxy's page */ }
  return statusMessage(response.status);
}

/** The server's own words when they are Russian (ours: «База данных Neo4j недоступна…»),
 * otherwise what the status means: a proxy's or the framework's English stays unseen. */
export async function reasonOf(response) {
  const message = await errorOf(response);
  return /[а-яё]/i.test(message) ? message : statusMessage(response.status);
}

/** A refused REST call: the message to show and the status it came with. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** A REST call with the session's token, JSON in and out; a refusal throws an ApiError in
 * Russian, an expired session goes to the login page. */
export async function api(url, { method = "GET", body } = {}) {
  const current = session();
  const response = await send(url, {
    method,
    headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }),
               ...(current ? { Authorization: `Bearer ${current.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    logout();
    throw new ApiError("Сеанс истёк, войдите снова.", 401);
  }
  if (!response.ok) throw new ApiError(await reasonOf(response), response.status);
  return response.json();
}

/** Like gql(), but a partial answer comes back whole: `{ data, errors }`, so that one
 * failing field (one dashboard widget) does not blank the others. */
export async function gqlPartial(query, variables = {}) {
  const current = session();
  const response = await send("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json",
               ...(current ? { Authorization: `Bearer ${current.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) {
    logout();
    throw new GraphQLError("Сеанс истёк, войдите снова.");
  }
  let body;
  try {
    body = await response.clone().json();
  } catch {
    throw new GraphQLError(statusMessage(response.status));
  }
  if (!body.data) {
    throw new GraphQLError(body.errors?.map((e) => e.message).join("; ") || await errorOf(response));
  }
  return { data: body.data, errors: body.errors || [] };
}

export async function gql(query, variables = {}) {
  const current = session();
  const response = await send("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json",
               ...(current ? { Authorization: `Bearer ${current.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) {
    logout();
    throw new GraphQLError("Сеанс истёк, войдите снова.");
  }
  let body;
  try {
    body = await response.clone().json();
  } catch {
    throw new GraphQLError(statusMessage(response.status));
  }
  if (body.errors?.length) throw new GraphQLError(body.errors.map((e) => e.message).join("; "));
  if (!response.ok || !body.data) throw new GraphQLError(await errorOf(response));
  return body.data;
}

/** Downloads a file from an endpoint that needs the bearer token. */
export async function download(url, filename) {
  const current = session();
  const response = await send(url, { headers: { Authorization: `Bearer ${current?.token}` } });
  if (response.status === 401) {
    logout();
    throw new Error("Сеанс истёк, войдите снова.");
  }
  if (!response.ok) throw new Error(`Не удалось скачать файл: ${await errorOf(response)}`);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
}

export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** ISO date (YYYY-MM-DD…) as ДД.ММ.ГГГГ; an empty value as a dash. */
export function formatDate(iso) {
  if (!iso) return "—";
  const [y, m, d] = String(iso).slice(0, 10).split("-");
  return d && m && y ? `${d}.${m}.${y}` : String(iso);
}

/** An ISO date-time as ДД.ММ.ГГГГ ЧЧ:ММ in the user's time zone; an empty value as a dash. */
export function formatDateTime(iso) {
  if (!iso) return "—";
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(moment.getDate())}.${pad(moment.getMonth() + 1)}.${moment.getFullYear()} `
    + `${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

const MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"];
export function formatMonth(yyyyMm) {
  const [y, m] = yyyyMm.split("-");
  return `${MONTHS[Number(m) - 1]} ${y}`;
}

export function formatValue(value, unit) {
  if (value === null || value === undefined) return "—";
  if (unit === "ratio") return value.toLocaleString("ru-RU", { maximumFractionDigits: 2 });
  return (value * 100).toLocaleString("ru-RU", { maximumFractionDigits: 1 }) + "%";
}

export const SEX_LABELS = { male: "муж.", female: "жен.", unknown: "не указан" };

export function showError(target, error) {
  target.innerHTML = `<p class="error" role="alert">${escapeHtml(error.message || error)}</p>`;
}

/** While a section (re)loads: "Загрузка…" the first time; later the old table stays,
 * dimmed and marked busy for screen readers, until the new one replaces it. */
export function showLoading(target) {
  target.setAttribute("aria-busy", "true");
  if (!target.querySelector("table")) target.innerHTML = "<p class=muted>Загрузка…</p>";
}

export function doneLoading(target) {
  target.removeAttribute("aria-busy");
}

/** The date of `moment` (now by default) in the user's time zone as YYYY-MM-DD: toISOString()
 * gives the UTC date, which in Moscow is yesterday until 03:00. */
export function localIsoDate(moment = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

const COLLATOR = new Intl.Collator("ru", { numeric: true, sensitivity: "base" });

/** Sort key of a cell: a number, a ДД.ММ.ГГГГ date (as a number), text, or null when empty. */
function sortKey(text) {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "—") return null;
  const date = trimmed.match(/^(\d{2})\.(\d{2})\.(\d{4})/);
  if (date) return Number(`${date[3]}${date[2]}${date[1]}`);
  const number = Number(trimmed.replace(/\s/g, "").replace(",", ".").replace("%", ""));
  return Number.isFinite(number) ? number : trimmed;
}

/** Empty cells last in either direction; numbers before text; text in Russian order. */
function compareKeys(x, y) {
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "number") return -1;
  if (typeof y === "number") return 1;
  return COLLATOR.compare(x, y);
}

/** Sort key of a cell: its `data-sort` when it has one (a month shown as «мар 2024» sorts
 * by 2024-03), else read from the text. */
function cellKey(cell) {
  const explicit = cell?.dataset.sort;
  if (explicit === undefined) return sortKey(cell?.textContent ?? "");
  if (explicit === "") return null;
  const number = Number(explicit);
  return Number.isFinite(number) ? number : explicit;
}

function sortBody(table, index, ascending) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  // Total rows (class="total") keep their place whatever the order: those heading the
  // table (form 7's «— всего») stay on top, any other at the bottom.
  const isTotal = (row) => row.classList.contains("total");
  const firstDetail = rows.findIndex((row) => !isTotal(row));
  const leading = firstDetail < 0 ? rows : rows.slice(0, firstDetail);
  const trailing = rows.filter((row, i) => isTotal(row) && i >= leading.length);
  const sorted = rows.filter((row) => !isTotal(row)).sort((a, b) => {
    const x = cellKey(a.cells[index]);
    const y = cellKey(b.cells[index]);
    if (x === null || y === null) return (x === null) - (y === null);
    return compareKeys(x, y) * (ascending ? 1 : -1);
  });
  body.append(...leading, ...sorted, ...trailing);
}

/** Clicking a header of a table (or Enter/Space on it) sorts its body (numbers, ДД.ММ.ГГГГ
 * dates, text, or a cell's `data-sort`). */
export function makeSortable(table) {
  table.querySelectorAll("th").forEach((th, index) => {
    th.classList.add("sortable");
    th.tabIndex = 0;
    th.title = "Сортировать";
    const sort = () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      sortBody(table, index, ascending);
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        sort();
      }
    });
  });
}

export function query(name) {
  return new URLSearchParams(location.search).get(name);
}
