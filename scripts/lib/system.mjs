// Locate (or, as root with apt, install) what the local stack needs from the system:
// Chromium for end-to-end tests and Java for the Firestore emulator. Every failure says what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

export class SetupError extends Error {
  name = 'SetupError';
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = () => existsSync('/usr/bin/apt-get');

function aptInstall(packages, why) {
  console.log(`[setup] installing ${packages.join(' ')} with apt-get (${why}) …`);
  const update = spawnSync('apt-get', ['update'], { stdio: 'ignore' });
  if (update.status !== 0) return false;
  const res = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return res.status === 0;
}

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Path of a Chromium-family browser: CHROMIUM_PATH, then the usual places, then apt (as root). */
export function findChromium({ install = true } = {}) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new SetupError(`CHROMIUM_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (found) {
    ensureKoreanFont({ install });
    return found;
  }
  if (
    install &&
    isRoot() &&
    hasApt() &&
    aptInstall(['chromium', 'fonts-noto-cjk'], 'end-to-end tests load the extension in it')
  ) {
    const again = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
    if (again) return again;
  }
  throw new SetupError(
    'Chromium was not found. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

const FIREFOX_CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/bin/firefox',
  '/usr/lib/firefox/firefox',
];

/** Firefox's major version (`Mozilla Firefox 153.8.0esr` → 153), or null when the binary does not answer. */
export function firefoxMajor(bin) {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, MOZ_HEADLESS: '1' } });
  const m = `${res.stdout}${res.stderr}`.match(/Firefox\s+(\d+)\./);
  return m ? Number(m[1]) : null;
}

/** The oldest Firefox the extension's manifest accepts (wxt.config.ts: strict_min_version 140.0). */
export const FIREFOX_MIN_MAJOR = 140;

/**
 * Path of a Firefox for the Firefox end-to-end stage: FIREFOX_PATH, then the usual places (Debian's
 * firefox-esr first), then apt (as root). Throws SetupError saying what to install when there is none,
 * or when the one found is older than the extension's minimum.
 */
export function findFirefox({ install = true } = {}) {
  const check = (bin) => {
    const major = firefoxMajor(bin);
    if (major === null) throw new SetupError(`${bin} did not answer \`--version\` like a Firefox.`);
    if (major < FIREFOX_MIN_MAJOR)
      throw new SetupError(
        `${bin} is Firefox ${major}; the extension needs Firefox ${FIREFOX_MIN_MAJOR} or newer (Debian: \`sudo apt-get install firefox-esr\` from bookworm-security).`,
      );
    return bin;
  };
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new SetupError(`FIREFOX_PATH=${fromEnv} does not exist.`);
    return check(fromEnv);
  }
  const found = FIREFOX_CANDIDATES.find((p) => existsSync(p));
  if (found) return check(found);
  if (install && isRoot() && hasApt() && aptInstall(['firefox-esr'], 'the Firefox end-to-end stage loads the extension in it')) {
    const again = FIREFOX_CANDIDATES.find((p) => existsSync(p));
    if (again) return check(again);
  }
  throw new SetupError(
    'Firefox was not found. Install it (Debian/Ubuntu: `sudo apt-get install firefox-esr`) or set FIREFOX_PATH to a Firefox binary (140 or newer).',
  );
}

const TURNSERVER_CANDIDATES = ['/usr/bin/turnserver', '/usr/local/bin/turnserver'];

/**
 * Path of coturn's `turnserver` (the relay tests, start:cluster): TURNSERVER_PATH, then the usual places,
 * then Debian's `coturn` package with apt (as root). apt's coturn service is never started (Debian
 * ships it disabled; the scripts run their own process with their own config).
 */
export function findTurnserver({ install = true } = {}) {
  const fromEnv = process.env.TURNSERVER_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new SetupError(`TURNSERVER_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const found = TURNSERVER_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  if (install && isRoot() && hasApt() && aptInstall(['coturn'], 'the TURN relay for the relay tests and start:cluster')) {
    const again = TURNSERVER_CANDIDATES.find((p) => existsSync(p));
    if (again) return again;
  }
  throw new SetupError(
    'coturn was not found. Install it (Debian/Ubuntu: `sudo apt-get install coturn`) or set TURNSERVER_PATH to a turnserver binary (coturn 4.5 or newer).',
  );
}

/**
 * A system binary from a Debian package: `envName` (a path), then `candidates`, then apt (as root); otherwise a
 * SetupError saying what to install.
 */
function findPackaged({ envName, candidates, pkg, why, what, install }) {
  const fromEnv = process.env[envName];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new SetupError(`${envName}=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  if (install && isRoot() && hasApt() && aptInstall([pkg], why)) {
    const again = candidates.find((p) => existsSync(p));
    if (again) return again;
  }
  throw new SetupError(
    `${what} was not found. Install it (Debian/Ubuntu: \`sudo apt-get install ${pkg}\`) or set ${envName} to its binary.`,
  );
}

/** HAProxy (Debian's `haproxy`, 2.6 or newer) for the cluster: start:cluster, the cluster tests and bench. */
export function findHaproxy({ install = true } = {}) {
  return findPackaged({
    envName: 'HAPROXY_PATH',
    candidates: ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'],
    pkg: 'haproxy',
    why: 'the load balancer of start:cluster and the cluster tests',
    what: 'HAProxy',
    install,
  });
}

/** redis-server (Debian's `redis-server`): the shared counters of a cluster. */
export function findRedisServer({ install = true } = {}) {
  return findPackaged({
    envName: 'REDIS_SERVER_PATH',
    candidates: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
    pkg: 'redis-server',
    why: 'the shared counters of start:cluster and the cluster tests',
    what: 'redis-server',
    install,
  });
}

/** Is a font with Hangul installed? (fontconfig answers; without fc-list, look for Debian's Noto CJK files.) */
export function hasKoreanFont() {
  const res = spawnSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' });
  if (res.status === 0) return res.stdout.trim().length > 0;
  return existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
}

/**
 * The Korean layout tests need a Hangul font (empty boxes have other widths): as root with apt, install
 * Debian's fonts-noto-cjk; otherwise those tests skip with a notice.
 */
function ensureKoreanFont({ install }) {
  if (hasKoreanFont() || !install || !isRoot() || !hasApt()) return;
  aptInstall(['fonts-noto-cjk'], 'the Korean-layout tests need a Hangul font');
}

function javaMajor(bin) {
  try {
    const res = spawnSync(bin, ['-version'], { encoding: 'utf8', timeout: 15_000 });
    const text = `${res.stderr}${res.stdout}`;
    const m = text.match(/version "(\d+)(?:\.(\d+))?/);
    if (!m) return null;
    const major = Number(m[1]) === 1 ? Number(m[2]) : Number(m[1]);
    return Number.isFinite(major) ? major : null;
  } catch {
    return null;
  }
}

function javaCandidates() {
  const list = [];
  if (process.env.JAVA_HOME) list.push(join(process.env.JAVA_HOME, 'bin', 'java'));
  try {
    const onPath = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim();
    if (onPath) list.push(onPath);
  } catch {}
  for (const root of ['/usr/lib/jvm', '/opt/java', '/usr/local/lib/jvm']) {
    if (!existsSync(root)) continue;
    for (const dir of readdirSync(root)) list.push(join(root, dir, 'bin', 'java'));
  }
  return [...new Set(list)].filter((p) => existsSync(p));
}

/** Every Java we can see, newest first: [{ bin, major }]. */
export function findJavas() {
  return javaCandidates()
    .map((bin) => ({ bin, major: javaMajor(bin) }))
    .filter((j) => j.major !== null)
    .sort((a, b) => b.major - a.major);
}

export const DEBIAN_FIRESTORE_JAR = '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
const FIRESTORE_MAIN = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

/** The locally installed Firestore emulator jar (FIRESTORE_EMULATOR_JAR, or Debian's package), or null. */
export function findFirestoreJar() {
  const fromEnv = process.env.FIRESTORE_EMULATOR_JAR;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new SetupError(`FIRESTORE_EMULATOR_JAR=${fromEnv} does not exist.`);
    return fromEnv;
  }
  return existsSync(DEBIAN_FIRESTORE_JAR) ? DEBIAN_FIRESTORE_JAR : null;
}

/** firebase-tools' own downloaded Firestore emulator, if a previous run with internet fetched one. */
export function hasDownloadedFirestore() {
  const dir = join(process.env.HOME ?? '/root', '.cache', 'firebase', 'emulators');
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((f) => f.startsWith('cloud-firestore-emulator') && statSync(join(dir, f)).size > 1e6);
}

/**
 * The Debian jar has no Main-Class, so `java -jar` (what firebase-tools runs) fails. A tiny launcher jar
 * whose manifest names the main class and puts the real jar on its Class-Path fixes that.
 */
export function makeLauncherJar(realJar, cacheDir) {
  mkdirSync(cacheDir, { recursive: true });
  const out = join(cacheDir, 'firestore-emulator-launcher.jar');
  const manifest = Buffer.from(
    `Manifest-Version: 1.0\r\nMain-Class: ${FIRESTORE_MAIN}\r\nClass-Path: ${encodeURI(`file:${realJar}`)}\r\n\r\n`,
  );
  writeFileSync(out, storedZip([{ name: 'META-INF/MANIFEST.MF', data: manifest }]));
  return out;
}

/** A minimal ZIP (stored, no compression): enough for a manifest-only jar. */
function storedZip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * Decide how to run the Firestore emulator here:
 * - `firebase-tools`: a Java >= 21 (firebase-tools 15's minimum), with either a local jar (through the
 *   launcher) or firebase-tools' own download (needs internet the first time);
 * - `direct`: only an older Java (>= 11) and a local jar: we run the jar ourselves, firebase-tools runs Auth.
 */
export function planFirestore(cacheDir) {
  let javas = findJavas();
  let jar = findFirestoreJar();
  if (javas.length === 0 && isRoot() && hasApt()) {
    aptInstall(['openjdk-17-jre-headless'], 'the Firestore emulator runs on Java');
    javas = findJavas();
  }
  if (javas.length === 0) {
    throw new SetupError(
      'No Java found: the Firestore emulator needs Java (21 or newer preferred). Install one (Debian: `sudo apt-get install openjdk-17-jre-headless`, or a Temurin 21+), or set JAVA_HOME.',
    );
  }
  const best = javas[0];
  if (best.major >= 21) {
    if (jar) return { mode: 'firebase-tools', java: best, jar, launcher: makeLauncherJar(jar, cacheDir) };
    return { mode: 'firebase-tools', java: best, jar: null, launcher: null }; // firebase-tools downloads it
  }
  if (!jar && isRoot() && hasApt()) {
    aptInstall(['google-cloud-cli-firestore-emulator'], 'a local Firestore emulator for Java < 21');
    jar = findFirestoreJar();
  }
  if (jar && best.major >= 11) return { mode: 'direct', java: best, jar, launcher: null };
  throw new SetupError(
    `Found Java ${best.major} (${best.bin}) but firebase-tools 15 needs Java 21 or newer to run the Firestore emulator, and no local emulator jar was found. ` +
      'Install a Java 21+ (e.g. Temurin 21, or `sudo apt-get install openjdk-21-jre-headless` where available) and run again with internet once, ' +
      'or install Debian/Ubuntu `google-cloud-cli-firestore-emulator` (or set FIRESTORE_EMULATOR_JAR).',
  );
}
