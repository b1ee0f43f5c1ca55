/** HTML escaping for the few values the server writes into its pages (the practice's name). */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The document around a page: stylesheet and icon from the router, no inline script or style. */
export function layout(o: { base: string; title: string; body: string; head?: string }): string {
  const base = escapeHtml(o.base);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(o.title)}</title>
<link rel="icon" href="${base}/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${base}/assets/dashboard.css">
${o.head ?? ''}</head>
${o.body}
</html>
`;
}

/** The login form: one field, the dashboard token. */
export function loginPage(o: { base: string; practiceName: string; error?: string }): string {
  const base = escapeHtml(o.base);
  return layout({
    base: o.base,
    title: `Sign in · ${o.practiceName}`,
    body: `<body class="narrow">
<main class="login">
<h1>Patient reactivation</h1>
<p class="sub">${escapeHtml(o.practiceName)}</p>
<form method="post" action="${base}/login">
${o.error ? `<p class="error" role="alert" id="login-error">${escapeHtml(o.error)}</p>` : ''}
<label for="token">Dashboard token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus${o.error ? ' aria-describedby="login-error" aria-invalid="true"' : ''}>
<button type="submit">Sign in</button>
</form>
</main>
</body>`,
  });
}

/** What the dashboard says when no token is configured: it will not serve data unprotected. */
export function unconfiguredPage(o: { base: string }): string {
  return layout({
    base: o.base,
    title: 'Dashboard not configured',
    body: `<body class="narrow">
<main class="login">
<h1>The dashboard is switched off</h1>
<p>Set <code>DASHBOARD_TOKEN</code> in the service's configuration to a long random secret, restart
the service, and sign in here with it.</p>
</main>
</body>`,
  });
}
