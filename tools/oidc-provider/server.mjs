#!/usr/bin/env node
// A small OpenID provider for Lakehouse, on loopback: the local stand-in for Keycloak (`--identity oidc`) and the
// provider the OIDC tests log in against. One confidential client with PKCE required, static accounts, a plain
// login form. Configured by environment variables only; never prints a password, secret or token.
//
//   OIDC_PORT                         port on 127.0.0.1 (0 or unset: a free one)
//   OIDC_ISSUER                       issuer URL (default http://127.0.0.1:{port})
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET
//   OIDC_REDIRECT_URIS                comma-separated callback URLs (e.g. http://127.0.0.1:8000/hub/oauth_callback)
//   OIDC_POST_LOGOUT_REDIRECT_URIS    comma-separated URLs the end-session endpoint may send the browser back to
//   OIDC_USERS_FILE                   JSON: [{ "username", "password", "name", "email", "groups": [], "uidNumber",
//                                     "gidNumber", "posix_groups": ["name:gid"] }] (mode 0600: it holds passwords)
//   OIDC_ACCESS_TOKEN_TTL, OIDC_ID_TOKEN_TTL   seconds (default 3600)
//
// When ready it prints one line: "oidc-provider ready at {issuer}".
import { generateKeyPairSync, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import Provider from 'oidc-provider';

const env = process.env;
const required = (name) => {
  const value = env[name];
  if (!value) {
    console.error(`oidc-provider: ${name} must be set`);
    process.exit(2);
  }
  return value;
};
const list = (name) => (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const seconds = (name) => Number.parseInt(env[name] ?? '3600', 10);

const clientId = required('OIDC_CLIENT_ID');
const clientSecret = required('OIDC_CLIENT_SECRET');
const users = JSON.parse(readFileSync(required('OIDC_USERS_FILE'), 'utf8'));
const byName = new Map(users.map((u) => [u.username, u]));

const server = http.createServer();
server.listen(Number.parseInt(env.OIDC_PORT ?? '0', 10), '127.0.0.1');
await once(server, 'listening');
const issuer = env.OIDC_ISSUER || `http://127.0.0.1:${server.address().port}`;

// A signing key per start: relying parties fetch the JWKS, so nothing has to be kept.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: list('OIDC_REDIRECT_URIS'),
    post_logout_redirect_uris: list('OIDC_POST_LOGOUT_REDIRECT_URIS'),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // PKCE for every client, confidential ones included (oidc-provider accepts S256 only).
  pkce: { required: () => true },
  // The claims the hub reads, in the ID token itself (as Keycloak's mappers put them there).
  claims: {
    openid: ['sub'],
    profile: ['preferred_username', 'name', 'email', 'groups', 'uidNumber', 'gidNumber', 'posix_groups'],
  },
  conformIdTokenClaims: false,
  findAccount: (_ctx, id) => {
    const user = byName.get(id);
    if (!user) return undefined;
    return {
      accountId: id,
      claims: () => ({
        sub: id,
        preferred_username: user.username,
        name: user.name,
        email: user.email,
        groups: user.groups ?? [],
        uidNumber: user.uidNumber,
        gidNumber: user.gidNumber,
        posix_groups: user.posix_groups ?? [],
      }),
    };
  },
  // A refresh token for this first-party client without asking for offline_access.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: seconds('OIDC_ACCESS_TOKEN_TTL'), IdToken: seconds('OIDC_ID_TOKEN_TTL') },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // Keycloak logs out without a question when it gets an id_token_hint; do the same by submitting at once.
      logoutSource: (ctx, form) => {
        ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Signing out</title></head><body>
          ${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
          <p>Signing out…</p><script>document.forms[0].submit();</script></body></html>`;
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><body><h1>Error</h1><p id="error">${escape(out.error)}: ${escape(out.error_description ?? '')}</p></body></html>`;
  },
});

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function passwordMatches(user, password) {
  // Compared as hashes, so neither the content nor the length leaks through timing.
  const digest = (s) => createHash('sha256').update(String(s ?? '')).digest();
  return Boolean(user) && timingSafeEqual(digest(user.password), digest(password));
}

function loginForm(uid, error) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in – Lakehouse identity</title></head><body>
    <h1>Lakehouse identity</h1>
    ${error ? `<p id="login-error">${escape(error)}</p>` : ''}
    <form method="post" action="/interaction/${escape(uid)}/login">
      <label>Username <input name="username" autocomplete="username" autofocus required></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">Sign in</button>
    </form></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16384) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, isLogin) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    res.writeHead(400).end('unknown interaction');
    return;
  }

  if (details.prompt.name === 'consent') {
    // A first-party client: consent is given by the operator who registered it, not asked of users.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    return;
  }

  if (!isLogin || req.method !== 'POST') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(loginForm(uid));
    return;
  }

  const form = await readForm(req);
  const user = byName.get(form.get('username') ?? '');
  if (!passwordMatches(user, form.get('password'))) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(loginForm(uid, 'Invalid username or password.'));
    return;
  }

  await provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    callback(req, res);
    return;
  }

  try {
    await interaction(req, res, match[1], Boolean(match[2]));
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`interaction failed: ${error.name ?? 'error'}`);
  }
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}

console.log(`oidc-provider ready at ${issuer}`);
