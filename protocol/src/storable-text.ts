// Text that PostgreSQL can store. A `text` value cannot hold U+0000, and a lone UTF-16
// surrogate (JSON's "\ud800") has no UTF-8 form: either one makes the database refuse the
// whole statement. Every boundary (HTTP API, SCIM, the agent protocol) refuses them with
// this one check, so no such value gets as far as a query or an audit entry.

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `text` holds a NUL character or an unpaired surrogate. */
export function isUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

export const UNSTORABLE_TEXT_MESSAGE = 'text cannot contain a NUL character (\\u0000) or an unpaired surrogate';

/**
 * Where the first string (or object key) that cannot be stored sits in `value`, as a dotted
 * path (`members.0.display`; `''` for `value` itself), or undefined when every string is fine.
 * Walks without recursion, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorableText(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (isUnstorableText(v)) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], at ? `${at}.${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v).reverse()) {
        const path = at ? `${at}.${k}` : k;
        if (isUnstorableText(k)) return path;
        stack.push([child, path]);
      }
    }
  }
  return undefined;
}
