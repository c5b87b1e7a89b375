/**
 * @module JSON Merge Patch (RFC 7396): a patch object sets the members it names, `null` removes
 * one, nested objects merge, anything else (arrays included) replaces. Iterative, so a patch
 * nested 100,000 levels deep costs memory, never the stack.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets an own property, even one named `__proto__`. */
function put(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `target` with `patch` applied; neither is modified. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const root: Json = {};
  const stack: Array<{ into: Json; from: unknown; patch: Json }> = [{ into: root, from: target, patch }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const base = isObject(frame.from) ? frame.from : {};
    for (const [key, value] of Object.entries(base)) put(frame.into, key, value);
    for (const [key, value] of Object.entries(frame.patch)) {
      if (value === null) {
        delete frame.into[key];
      } else if (isObject(value)) {
        const child: Json = {};
        put(frame.into, key, child);
        stack.push({ into: child, from: Object.hasOwn(base, key) ? base[key] : undefined, patch: value });
      } else {
        put(frame.into, key, value);
      }
    }
  }
  return root;
}
