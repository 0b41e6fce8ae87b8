interface WithUsers {
  customizations?: { users?: { password?: string; hasPassword?: boolean }[] } | null;
}

/**
 * A copy of a request or blueprint body for reading: every user's password removed and
 * `hasPassword` telling whether one is set. The input is not changed.
 */
export function redactPasswords<T extends WithUsers>(body: T): T {
  const users = body.customizations?.users;
  if (!Array.isArray(users)) return body;
  return {
    ...body,
    customizations: {
      ...body.customizations,
      users: users.map(({ password, ...user }) => ({
        ...user,
        hasPassword: typeof password === "string" && password !== "",
      })),
    },
  };
}

/**
 * `redactPasswords` for a document held as JSON text: text that cannot name a user is returned
 * as it is, without parsing.
 */
export function redactPasswordsInJson(json: string): string {
  if (!json.includes('"users"')) return json;
  return JSON.stringify(redactPasswords(JSON.parse(json) as WithUsers));
}
