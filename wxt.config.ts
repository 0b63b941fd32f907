import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { INVITE_PLACEHOLDER_MATCH, inviteMatches } from './extension/entrypoints/invite.content/invite-url';
import { ConfigError, loadClientConfig } from './shared/config/client-config';

// Build-time configuration: validated once here, injected as a constant. A missing or malformed
// variable stops the build with a message naming it (see shared/config/client-config.ts).
function clientConfig() {
  try {
    return loadClientConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export default defineConfig({
  srcDir: 'extension',
  // MV3 everywhere: Chrome's side_panel, Firefox's sidebar_action (Firefox 128+ runs MV3 with event pages).
  manifestVersion: 3,
  // CHAEKBANG_OUTPUT_DIR lets parallel test runs build into their own folders (scripts/test.mjs).
  outDir: process.env.CHAEKBANG_OUTPUT_DIR || '.output',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/webextension-polyfill'],
  // npm start prints where the unpacked extension is (and opens Chromium itself when it can).
  webExt: { disabled: true },
  hooks: {
    // The invite content script runs on the configured peer-server's /r/<CODE> pages only (issue 15): its pattern
    // comes from CHAEKBANG_PEER_SERVER_URL (the `npm start` default is loopback), not from a fixed list.
    'entrypoints:resolved'(_wxt, entrypoints) {
      for (const entrypoint of entrypoints) {
        if (entrypoint.type !== 'content-script') continue;
        const options = entrypoint.options as { matches?: string[] };
        if (options.matches?.includes(INVITE_PLACEHOLDER_MATCH)) options.matches = inviteMatches(clientConfig().peerServerUrl);
      }
    },
  },
  vite: () => ({
    plugins: [preact()],
    define: { __CHAEKBANG_CONFIG__: JSON.stringify(clientConfig()) },
    build: { chunkSizeWarningLimit: 2048 },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      // Club meeting reminders: an alarm per meeting, a notification 10 minutes before (issue 11).
      'alarms',
      'notifications',
      'contextMenus',
      'activeTab',
      'scripting',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
      // Google sign-in (launchWebAuthFlow) only when a client id is configured; see docs/google-sign-in.md.
      ...(clientConfig().googleOAuthClientId ? ['identity'] : []),
    ],
    action: { default_title: '__MSG_actionTitle__' },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'chaekbang@chaekbang.app',
              strict_min_version: '140.0',
              // What leaves the browser: the account (Firebase Auth), the profile and shelf, and room chat.
              data_collection_permissions: {
                required: ['authenticationInfo', 'personallyIdentifyingInfo', 'personalCommunications'],
              },
            },
          },
          // Firefox's default MV3 policy for extension pages adds upgrade-insecure-requests, which turns the local
          // peer-server's ws://127.0.0.1 into wss:// (the signaling socket never connects; plain fetches to loopback
          // are exempt, so only the call failed). Local builds drop it; production talks https/wss anyway and
          // keeps Firefox's default. Chrome's default has no upgrade. (e2e/firefox: the Firefox ↔ Chromium call.)
          ...(clientConfig().env === 'local'
            ? { content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" } }
            : {}),
        }
      : {}),
  }),
});
