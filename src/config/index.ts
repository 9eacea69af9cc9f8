export { loadConfig, findConfigFile, validate, CONFIG_FILES, type Config, type LoadConfigOptions } from './load.js';
export { OPTIONS, RULE_LEVELS, type OptionName, type OptionSpec } from './options.js';
export { parseDuration } from './durations.js';
