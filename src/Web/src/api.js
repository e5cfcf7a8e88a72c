// REST calls, with the signed-in token. An error reply becomes an ApiError carrying the problem+json detail, so a
// view can say what is wrong; a reply that never came (server down) has status 0; a 401 also ends the sign-in.
import { accessToken, rejected } from "./auth.js";

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }

  /** The endpoint or the thing asked for does not exist (yet): views show that quietly rather than as an outage. */
  get notFound() {
    return this.status === 404;
  }
}

async function problem(response) {
  let title = response.statusText;
  let detail = "";
  const type = response.headers.get("content-type") || "";
  try {
    if (type.includes("json")) {
      const body = await response.json();
      title = body.title || title;
      detail = body.detail || "";
    } else {
      detail = (await response.text()).slice(0, 300);
    }
  } catch {
    // The body was not what it said it was; the status says enough.
  }
  return new ApiError(response.status, title, detail);
}

export async function request(path, options = {}) {
  const token = accessToken();
  let response;
  try {
    response = await fetch(path, {
      ...options,
      headers: {
        Accept: "application/json",
        ...(options.body ? { "Content-Type": "application/json" } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      cache: "no-store",
    });
  } catch (e) {
    throw new ApiError(0, "Network error", e instanceof Error ? e.message : String(e));
  }
  if (!response.ok) {
    const error = await problem(response);
    if (error.status === 401) rejected(token, error.detail || error.title);
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

export const alertLimit = 100;
export const careLimit = 200;

const unit = (id) => `/api/units/${encodeURIComponent(id)}`;

export const api = {
  root: () => request("/api/registry/root"),
  unit: (id) => request(unit(id)),
  children: (id) => request(`${unit(id)}/children`),
  history: (id, from, to) =>
    request(`${unit(id)}/history?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`),
  alerts: (id, escalated) => request(`${unit(id)}/alerts?limit=${alertLimit}${escalated ? "&escalated=true" : ""}`),
  households: (id) => request(`${unit(id)}/households`),
  care: (id, state = "open", limit = careLimit) => request(`${unit(id)}/care?state=${state}&limit=${limit}`),
  quarantines: (id, limit = careLimit) => request(`${unit(id)}/quarantines?limit=${limit}`),
  /** step: accept or deliver; the id is the request's path id (site~careId). */
  careStep: (careId, step) => request(`/api/care/${encodeURIComponent(careId)}/${step}`, { method: "POST", body: "{}" }),
  healthChecks: (checks) => request("/api/health-checks", { method: "POST", body: JSON.stringify(checks) }),
  acknowledge: (alertId, by, note) =>
    request(`/api/alerts/${encodeURIComponent(alertId)}/ack`, { method: "POST", body: JSON.stringify({ by, note }) }),
};
