// The organisation a caller acts in when its token names none: a deployment for one company
// never needs to name its organisation anywhere.
export const DEFAULT_ORG = "default";
