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
  ["registry.html", "Канцер-регистр", null],
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

export async function gql(query, variables = {}) {
  const current = session();
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json",
               ...(current ? { Authorization: `Bearer ${current.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) {
    logout();
    throw new GraphQLError("Сеанс истёк, войдите снова.");
  }
  const body = await response.json();
  if (body.errors?.length) throw new GraphQLError(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

/** Downloads a file from an endpoint that needs the bearer token. */
export async function download(url, filename) {
  const current = session();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${current?.token}` } });
  if (!response.ok) throw new Error(`Не удалось скачать файл (${response.status})`);
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

/** Clicking a header of a table sorts its body (numbers, ДД.ММ.ГГГГ dates, text). */
export function makeSortable(table) {
  const key = (text) => {
    const date = text.match(/^(\d{2})\.(\d{2})\.(\d{4})/);
    if (date) return `${date[3]}${date[2]}${date[1]}`;
    const number = Number(text.replace(/\s/g, "").replace(",", ".").replace("%", ""));
    return Number.isFinite(number) && text.trim() !== "" ? number : text.toLowerCase();
  };
  table.querySelectorAll("th").forEach((th, index) => {
    th.classList.add("sortable");
    th.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const rows = [...table.tBodies[0].rows];
      rows.sort((a, b) => {
        const x = key(a.cells[index]?.textContent ?? "");
        const y = key(b.cells[index]?.textContent ?? "");
        return (x > y ? 1 : x < y ? -1 : 0) * (ascending ? 1 : -1);
      });
      table.tBodies[0].append(...rows);
    });
  });
}

export function query(name) {
  return new URLSearchParams(location.search).get(name);
}
