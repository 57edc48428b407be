import { homePage, reasonOf, saveSession, send, showError } from "./app.js";

const form = document.getElementById("login-form");
const errorBox = document.getElementById("login-error");

async function requestToken(username, password) {
  // POST /auth/token takes JSON; a form-encoded body is the OAuth2 fallback.
  // send(): a network failure reads «Нет связи с сервером…», not the browser's English.
  let response = await send("/auth/token", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (response.status === 422) {
    response = await send("/auth/token", {
      method: "POST", body: new URLSearchParams({ username, password }),
    });
  }
  if (response.status === 401) throw new Error("Неверное имя пользователя или пароль.");
  if (!response.ok) throw new Error(`Вход не удался. ${await reasonOf(response)}`);
  return response.json();
}

// A sender is a medical information system's account: it only sends records to POST /fhir,
// and every page's data refuses it. Saying so here beats a session of empty pages.
const SENDER_EXPLANATION = "Эта учётная запись предназначена только для информационных " +
  "систем (МИС): она передаёт записи FHIR в POST /fhir и не открывает страницы паспорта. " +
  "Войдите под учётной записью сотрудника или обратитесь к администратору.";

function roleOfToken(token) {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return payload.role;
  } catch {
    return null;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const username = data.get("username").trim();
  try {
    const body = await requestToken(username, data.get("password"));
    const role = body.role || roleOfToken(body.access_token) || "analyst";
    if (role === "sender") throw new Error(SENDER_EXPLANATION);
    saveSession(body.access_token, username, role);
    const next = new URLSearchParams(location.search).get("next");
    location.href = next && next.startsWith("/ui/") ? next : homePage(role);
  } catch (error) {
    showError(errorBox, error);
  }
});
