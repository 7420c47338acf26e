// Analyse a pasted article with POST /api/analyze (the write token, when the server has one)
// and read the result right away; nothing is stored.

import { api, ApiError, setToken } from "./api.js";
import { reader } from "./article.js";
import { errorBox, loading, section } from "./components.js";
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";

export async function analyzeView() {
  const text = h("textarea", { id: "analyze-text", rows: "10", dir: "rtl", lang: "ar", required: true, placeholder: t("analyze_placeholder") });
  const published = h("input", { id: "analyze-published", type: "date" });
  const outlet = h("input", { id: "analyze-outlet", type: "text", dir: "auto" });
  const token = h("input", { id: "analyze-token", type: "password", autocomplete: "off" });
  const out = h("div", { id: "analyze-result" });
  const form = h("form", { class: "analyze-form" },
    text,
    h("div", { class: "filters" },
      h("label", { class: "field" }, h("span", {}, t("published")), published),
      h("label", { class: "field" }, h("span", {}, t("outlet")), outlet),
      h("label", { class: "field" }, h("span", {}, t("write_token")), token),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary", value: "analyze" }, t("analyze")),
        h("button", { type: "submit", id: "analyze-store", value: "store" }, t("analyze_store")))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (token.value.trim()) setToken(token.value.trim());
    const store = e.submitter && e.submitter.value === "store";
    const body = { text: text.value, published: published.value || null, outlet: outlet.value || null };
    clear(out).append(loading());
    try {
      if (store) {
        const res = await api("articles", {}, { body });
        clear(out).append(h("p", { class: "stored", id: "analyze-stored" }, `${t("stored_as")}: `,
          h("a", { href: `#/article/${encodeURIComponent(res.id)}` }, res.id), ` (${res.status})`));
      } else {
        clear(out).append(reader(await api("analyze", {}, { body })));
      }
    } catch (err) {
      clear(out).append(errorBox(err instanceof ApiError && err.status === 401 ? new Error(t("write_token_needed")) : err));
    }
    out.setAttribute("data-ready", "1");
  });
  return { title: t("nav_analyze"), node: h("div", {}, section(t("nav_analyze"), h("p", { class: "muted" }, t("analyze_help")), form), out) };
}
