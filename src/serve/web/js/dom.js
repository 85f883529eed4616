// Small DOM helpers the modules share.

export const $ = (id) => document.getElementById(id);

let uid = 0;
// A fresh id for an element, unique on the page.
export function nextId(prefix) {
  return prefix + ++uid;
}

export function button(text, action, aria) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  if (aria) b.setAttribute("aria-label", aria);
  b.addEventListener("click", action);
  return b;
}
