// Which librdkafka properties hold secrets (SASL passwords, keys, tokens), so that no config shown to people,
// stored in summary.json or named in an error ever carries one.
/** Property names whose values are secrets: masked wherever a config is shown. */
const SECRET = /password|secret|token|\.key$|key\.pem|oauthbearer\.config|private/i;

/** Whether a librdkafka property's value is a secret, never to be shown. */
export function isSecretProperty(key: string): boolean {
  return SECRET.test(key);
}

/** The config as shown to people and stored in summary.json: secrets masked. */
export function maskSecrets(properties: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, isSecretProperty(k) ? '*****' : v]));
}
