// Seeded random mutants of a payload, for checking that two checkers decide alike: each mutant
// changes, removes or adds one value somewhere in the payload.

/** mulberry32: a small seeded PRNG, so every run checks the same mutants. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS = [
  null, 0, -1, 1, 7, 14, 16, 17, 1.5, 2 ** 53 + 2, "", "x", "3", "seconds", "usd", "US", "Agent", "incoming",
  "2024-03-05T10:15:30.000Z", "2024-03-05T10:15:30", "2024-02-29T10:15:30+05:30", "2023-02-29T10:15:30Z",
  "https://sample.freshcaller.com/r/1", "mailto:someone@example.com", "not a uri", "x".repeat(65), "\u{1F4DE}".repeat(40),
  true, [], [1], [1, 2], {}, { type: "system" },
];

/** Every [parent, key] in a JSON value, the root excluded. */
function slots(value, out = []) {
  if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      out.push([value, key]);
      slots(value[key], out);
    }
  }
  return out;
}

/**
 * `count` mutants of `payload` (which is not changed), each a fresh JSON value.
 * @returns {unknown[]}
 */
export function randomMutants(payload, count, seed = 20240305) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const mutants = [];
  for (let i = 0; i < count; i++) {
    const copy = JSON.parse(JSON.stringify(payload));
    const [parent, key] = pick(slots(copy));
    const roll = random();
    if (roll < 0.2 && !Array.isArray(parent)) delete parent[key];
    else if (roll < 0.3 && parent[key] !== null && typeof parent[key] === "object" && !Array.isArray(parent[key])) parent[key].extra = 1;
    else parent[key] = structuredClone(pick(REPLACEMENTS));
    mutants.push(JSON.parse(JSON.stringify(copy)));
  }
  return mutants;
}
