/// <reference types="vite/client" />
import type { DetectorExamples } from './types';

/**
 * Every site file's example URLs, by detector id (= file name). Test-only: the examples are a separate
 * export of each site file so the content-script bundle leaves them out.
 */
const modules = import.meta.glob<{
  examples?: DetectorExamples;
  summary?: string;
  homepage?: string;
  displayName?: string;
}>('./sites/*.ts', {
  eager: true,
});

export const DETECTOR_EXAMPLES: Readonly<Record<string, DetectorExamples>> = Object.fromEntries(
  Object.entries(modules)
    .filter(([path]) => !path.endsWith('.test.ts'))
    .map(([path, mod]) => [path.replace(/^.*\/([^/]+)\.ts$/, '$1'), mod.examples ?? { detail: [], notDetail: [] }]),
);

export function examplesOf(detector: { id: string }): DetectorExamples {
  const examples = DETECTOR_EXAMPLES[detector.id];
  if (!examples) throw new Error(`no examples exported by sites/${detector.id}.ts`);
  return examples;
}

/** A detector's one-line README summary (`export const summary` beside it, kept out of the content script). */
export function summaryOf(detector: { id: string }): string {
  return moduleOf(detector)?.summary ?? '';
}

/** A detector's display name (`export const displayName` beside it). */
export function nameOf(detector: { id: string }): string {
  return moduleOf(detector)?.displayName ?? '';
}

/** A detector's homepage (`export const homepage` beside it). */
export function homepageOf(detector: { id: string }): string {
  return moduleOf(detector)?.homepage ?? '';
}

function moduleOf(detector: { id: string }) {
  return Object.entries(modules).find(([path]) => path.endsWith(`/${detector.id}.ts`))?.[1];
}
