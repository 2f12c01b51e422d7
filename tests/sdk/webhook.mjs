// Signs or verifies a Retell webhook body with the official retell-sdk, for the .NET tests.
//   node webhook.mjs sign <apiKey>            < body   → prints the x-retell-signature header
//   node webhook.mjs verify <apiKey> <header> < body   → prints true or false
// Node 18 (Debian 12's) has Web Crypto but not yet as a global; the SDK looks for the global.
if (!globalThis.crypto) globalThis.crypto = (await import('node:crypto')).webcrypto;
const { sign, verify } = await import('retell-sdk');

const [mode, apiKey, header] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const body = Buffer.concat(chunks).toString('utf8');

if (mode === 'sign') process.stdout.write(await sign(body, apiKey));
else if (mode === 'verify') process.stdout.write(String(await verify(body, apiKey, header)));
else { console.error('usage: webhook.mjs sign|verify <apiKey> [header]'); process.exit(2); }
