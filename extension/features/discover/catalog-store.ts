import { config } from '../../data/config';
import { firebase } from '../../data/firebase-app';
import { type CatalogClient, createCatalogClient } from './catalog-client';

let client: CatalogClient | null = null;

/** The panel's catalog client, for whoever is signed in (a fresh ID token on every call). */
export function catalogClient(): CatalogClient {
  client ??= createCatalogClient(config.peerServerUrl, async () => {
    const user = firebase().auth.currentUser;
    if (!user) throw new Error('not signed in');
    return user.getIdToken();
  });
  return client;
}

/** The signed-in reader's uid (for the shelf), or null. */
export function currentUid(): string | null {
  return firebase().auth.currentUser?.uid ?? null;
}
