// Run by the benchmark in a process of its own before timing: every candidate must accept the
// valid payloads and reject the invalid ones, and each hand-written checker must decide like the
// validator it is the limit for, on seeded random mutants. (A separate process, so that the mutants' shapes
// do not leave the timed process's inline caches polymorphic.) Prints the counts as JSON.
import { assertHonest, assertSameDecisions, candidates } from "./candidates.mjs";

const list = await candidates();
console.log(JSON.stringify({ ...assertHonest(list), compared: assertSameDecisions(list) }));
