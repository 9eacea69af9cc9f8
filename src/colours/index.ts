export { checkGate, describeChange, type GateOptions } from './gate.js';
export { parseManifest, qualify, type ManifestResult } from './manifest.js';
export { referencesOf, uses } from './references.js';
export { takeSnapshot, unknownObjects } from './snapshot.js';
export { readColours, deployColour, switchColour, retireColour, readDeprecations, type DeployInput } from './store.js';
export type { Colour, ColourState, References, Deprecation, GateStatement, GateDecision, GateReport, Blocker } from './types.js';
