/*
 * Building the page's nodes. Values become text nodes or attributes, never markup: beneficiary
 * names, remarks and gateway bodies are user or third-party input.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

export function $(selector) {
  return document.querySelector(selector);
}

/** Appends children: strings and numbers become text nodes; null, undefined and false are skipped. */
export function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
  return node;
}

function setProps(node, props) {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.setAttribute('class', value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
}

/** Creates an HTML element. */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  setProps(node, props);
  return append(node, children);
}

/** Creates an SVG element. */
export function s(tag, props, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setProps(node, props);
  return append(node, children);
}

export function show(node, visible) {
  if (node) node.hidden = !visible;
}

export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}
