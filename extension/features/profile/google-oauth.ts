/** The Google OAuth 2.0 pieces of the extension's sign-in flow (pure; see docs/google-sign-in.md). */

/** Google's authorization URL asking for an ID token, to open with launchWebAuthFlow. */
export function googleAuthUrl(clientId: string, redirectUri: string, nonce: string): string {
  const url = new URL('https://accounts.google.com/o/oauth2/v2/auth');
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'id_token',
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    nonce,
    prompt: 'select_account',
  }).toString();
  return url.href;
}

/** The id_token from the redirect URL's fragment, or null (cancelled, error, or not our redirect). */
export function idTokenFromRedirect(redirect: string | undefined, redirectUri: string): string | null {
  if (!redirect?.startsWith(redirectUri)) return null;
  try {
    return new URLSearchParams(new URL(redirect).hash.slice(1)).get('id_token');
  } catch {
    return null;
  }
}
