// The format's schema, as the service publishes it in Vietnamese: each field's shape, its
// label and help, each choice's name (the schema's "title"s, from the messages catalogue).
import { state } from "./state.js";

// ── Schema ──────────────────────────────────────────────────────────────────────────────
export function resolve(s) {
  for (let i = 0; s && s.$ref && i < 16; i++) s = state.schema.$defs[s.$ref.replace("#/$defs/", "")];
  return s || {};
}
// A property's schema without the null branch: its shape and whether it may be left out.
export function shape(s) {
  s = resolve(s);
  const branches = s.anyOf || s.oneOf;
  if (branches) {
    const real = branches.map(resolve).filter((b) => b.type !== "null");
    if (real.length && real.every((b) => b.const !== undefined)) return { kind: "enum", options: real, s };
    if (real.length === 1) return { ...shape(real[0]), description: s.description || real[0].description };
    return { kind: "text", s };
  }
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  if (s.enum) return { kind: "enum", options: s.enum.map((v) => ({ const: v })), s };
  if (t === "object" && s.properties) return { kind: "object", s };
  if (t === "object") return { kind: "json", s };
  if (t === "array") {
    const items = resolve(s.items);
    const it = shape(items);
    return { kind: it.kind === "object" ? "list" : it.kind === "enum" || it.kind === "text" || it.kind === "number" ? "lines" : "json", s, items };
  }
  if (t === "boolean") return { kind: "bool", s };
  if (t === "integer" || t === "number") return { kind: "number", s };
  return { kind: "text", s };
}
export function help(s) {
  const d = (s && s.description) || "";
  return d.split("\n").join(" ");
}
// The label of a field, by its key: the schema's title for it, as the catalogue gives it.
let labels = null;
export function label(key) {
  if (!labels) {
    labels = {};
    const walk = (n) => {
      if (!n || typeof n !== "object") return;
      if (n.properties) for (const [k, p] of Object.entries(n.properties)) if (p.title && !labels[k]) labels[k] = p.title;
      Object.values(n).forEach(walk);
    };
    walk(state.schema);
  }
  return labels[key] || key;
}
// The name of a choice: its title, else the first words of its description.
// Never the format's own word ("male", "show_of_hands"): the clerk reads Vietnamese.
export const valueLabel = (o) => o.title || (o.description ? o.description.split(/[:.]/)[0] : String(o.const));

