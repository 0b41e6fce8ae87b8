const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A compose id is a UUID; anything else cannot name a compose (and must not reach SQL as one). */
export function isComposeId(value: string): boolean {
  return uuidText.test(value);
}
