// The API client: JSON GETs with the optional bearer token kept in this tab only.

const TOKEN_KEY = "marsad.token";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export async function api(path, params, { body = null } = {}) {
  const url = new URL("/api/" + path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = "Bearer " + token;
  const init = { headers };
  if (body !== null) {
    init.method = "POST";
    init.body = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  }
  let resp;
  try {
    resp = await fetch(url, init);
  } catch (err) {
    throw new ApiError(0, "E000", "the server cannot be reached");
  }
  let data = null;
  try {
    data = await resp.json();
  } catch (err) {
    data = null;
  }
  if (!resp.ok) {
    const e = (data && data.error) || {};
    throw new ApiError(resp.status, e.code || "E000", e.message || resp.statusText);
  }
  return data;
}

// A download from the API; with a token the file is fetched with the header, then saved.
export async function downloadWithToken(event) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return; // the plain link works when reads are open
  event.preventDefault();
  const link = event.currentTarget;
  const resp = await fetch(link.getAttribute("href"), { headers: { Authorization: "Bearer " + token } });
  if (!resp.ok) return;
  const url = URL.createObjectURL(await resp.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = link.getAttribute("download") || "marsad-export";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
