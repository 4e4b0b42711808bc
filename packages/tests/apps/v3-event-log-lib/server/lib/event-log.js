// The app's event log in $db, newest first and bounded; a local module written the FDK way (bare exports).
const KEY = "event_log";
const LIMIT = 50;

async function readLog() {
  try {
    return (await $db.get(KEY)) || { entries: [] };
  } catch (err) {
    if (err.status === 404) return { entries: [] };
    throw err;
  }
}

async function append(entry) {
  const entries = [{ at: new Date().toISOString(), ...entry }, ...(await readLog()).entries].slice(0, LIMIT);
  try {
    await $db.update(KEY, "set", { entries });
  } catch (err) {
    if (err.status !== 404) throw err;
    await $db.set(KEY, { entries });
  }
}

exports = { readLog, append };
