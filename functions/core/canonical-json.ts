/**
 * Serialises a JSON value canonically (RFC 8785, JSON Canonicalization Scheme): object keys
 * sorted by UTF-16 code units, no whitespace, ECMAScript number and string forms.
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }

  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError(`canonicalize: ${value} has no JSON form`);
    }
    return JSON.stringify(value);
  }

  if (Array.isArray(value)) {
    return `[${value.map((element) => canonicalize(element ?? null)).join(',')}]`;
  }

  if (typeof value === 'object') {
    return canonicalObject(value as Record<string, unknown>);
  }

  throw new TypeError(`canonicalize: a ${typeof value} has no JSON form`);
}

function canonicalObject(object: Record<string, unknown>): string {
  // Default sort compares UTF-16 code units, which is exactly what RFC 8785 prescribes.
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort();

  const members = keys.map((key) => `${JSON.stringify(key)}:${canonicalize(object[key])}`);
  return `{${members.join(',')}}`;
}
